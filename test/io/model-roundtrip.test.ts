import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import * as tf from '../../src/index.js';
import { FormatError } from '../../src/core/errors.js';
import { faultInjection } from '../../src/core/atomic-write.js';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'rt-'));
}

function mlp(): tf.Sequential {
  tf.setSeed(7);
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 5, activation: 'relu', inputShape: [3], name: 'hidden' }),
      tf.layers.dropout({ rate: 0.2 }),
      tf.layers.dense({ units: 2, activation: 'softmax', name: 'probs' }),
    ],
  });
}

const x = tf.tensor([[0.5, -1, 2], [1, 1, 1]]);

describe('model.save / loadLayersModel (TF.js layers-model format)', () => {
  test('writes TF.js-shaped model.json (snake_case topology, manifest) and reloads identical predictions', async () => {
    const dir = join(tmp(), 'mlp');
    const model = mlp();
    const result = await model.save(`file://${dir}`);
    expect(result.modelArtifactsInfo.weightDataBytes).toBe((3 * 5 + 5 + 5 * 2 + 2) * 4);
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as {
      format: string; generatedBy: string; modelTopology: { class_name: string; backend: string; config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
      weightsManifest: { paths: string[]; weights: { name: string }[] }[];
    };
    expect(json.format).toBe('layers-model');
    expect(json.generatedBy).toMatch(/^Tensorforge v/);
    expect(json.modelTopology.class_name).toBe('Sequential');
    expect(json.modelTopology.backend).toBe('tensor_flow.js');
    const first = json.modelTopology.config.layers[0];
    expect(first?.class_name).toBe('Dense');
    expect(first?.config.batch_input_shape).toEqual([null, 3]);
    expect(first?.config.use_bias).toBe(true);
    expect(first?.config.kernel_initializer).toMatchObject({ class_name: expect.any(String) });
    expect(json.weightsManifest[0]?.paths).toEqual(['group1-shard1of1.bin']);
    expect(json.weightsManifest[0]?.weights.map((w) => w.name)).toEqual(['hidden/kernel', 'hidden/bias', 'probs/kernel', 'probs/bias']);
    const loaded = await tf.loadLayersModel(`file://${dir}/model.json`);
    expect(loaded.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as tf.Tensor).dataSync()));
    const again = await tf.loadLayersModel(dir);
    expect(again.layers).toHaveLength(3);
  });

  test('functional models round-trip through memory handlers', async () => {
    const inp = tf.input({ shape: [4], name: 'feats' });
    const a = tf.layers.dense({ units: 3, activation: 'tanh', name: 'a' }).apply(inp) as tf.SymbolicTensor;
    const b = tf.layers.dense({ units: 1, name: 'b' }).apply(a) as tf.SymbolicTensor;
    const model = tf.model({ inputs: inp, outputs: b, name: 'fn' });
    const saved: tf.io.ModelArtifacts[] = [];
    await model.save(tf.io.withSaveHandler((art) => {
      saved.push(art);
      return Promise.resolve({ modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(art) });
    }));
    expect(saved).toHaveLength(1);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved[0] as tf.io.ModelArtifacts));
    const xs = tf.tensor([[1, 2, 3, 4]]);
    expect(Array.from((loaded.predict(xs) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(xs) as tf.Tensor).dataSync()));
  });

  test('a model nested in a model round-trips (node indices follow the TF.js convention in the file)', async () => {
    tf.setSeed(3);
    const inner = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2], activation: 'relu', name: 'in_a' }), tf.layers.dense({ units: 2, name: 'in_b' })], name: 'backbone' });
    const x = tf.input({ shape: [2], name: 'x' });
    const y = tf.layers.dense({ units: 1, name: 'head' }).apply(inner.apply(x) as tf.SymbolicTensor) as tf.SymbolicTensor;
    const model = tf.model({ inputs: x, outputs: y });
    const dir = join(tmp(), 'nested');
    await model.save(dir);
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { modelTopology: { config: { layers: { name: string; inbound_nodes: unknown[] }[] } } };
    expect(json.modelTopology.config.layers.find((l) => l.name === 'head')?.inbound_nodes).toEqual([[['backbone', 1, 0, {}]]]);
    const loaded = await tf.loadLayersModel(dir);
    const xs = tf.tensor([[1, -2], [0.5, 0.5]]);
    expect(Array.from((loaded.predict(xs) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(xs) as tf.Tensor).dataSync()));
  });

  test('a weight with the wrong shape fails before anything is assigned, naming the weight', async () => {
    const model = mlp();
    const artifacts = await tf.io.modelArtifacts(model);
    const specs = artifacts.weightSpecs ?? [];
    const bad = { ...artifacts, weightSpecs: specs.map((s) => (s.name === 'probs/bias' ? { ...s, shape: [1, 2] } : s)) };
    await expect(tf.loadLayersModel(tf.io.fromMemory(bad))).rejects.toThrow(/weight 'probs\/bias' has shape \[1,2\] but model variable 'probs\/bias' has shape \[2\]/);
    const missing = { ...artifacts, weightSpecs: specs.slice(0, 3), weightData: (artifacts.weightData as ArrayBuffer).slice(0, (15 + 5 + 10) * 4) };
    await expect(tf.loadLayersModel(tf.io.fromMemory(missing))).rejects.toThrow(FormatError);
    await expect(tf.loadLayersModel(tf.io.fromMemory(missing))).rejects.toThrow(/missing 'probs\/bias'/);
  });

  test('a crash in the middle of model.save leaves the previous model loadable and unchanged', async () => {
    const dir = join(tmp(), 'atomic');
    const good = mlp();
    await good.save(dir);
    const other = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3], name: 'other' })] });
    faultInjection.afterFileWritten = (file) => {
      if (file === 'group1-shard1of1.bin') throw new Error('disk full (simulated)');
    };
    try {
      await expect(other.save(dir)).rejects.toThrow('disk full (simulated)');
    } finally {
      faultInjection.afterFileWritten = null;
    }
    const loaded = await tf.loadLayersModel(dir);
    expect(loaded.layers.map((l) => l.name)).toEqual(['hidden', expect.stringMatching(/^dropout/), 'probs']);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((good.predict(x) as tf.Tensor).dataSync()));
  });

  test('unknown layer classes are named in the error', async () => {
    const artifacts = await tf.io.modelArtifacts(mlp());
    const text = JSON.stringify(artifacts.modelTopology).replace('"class_name":"Dropout"', '"class_name":"FancyLayer"');
    const topo = JSON.parse(text) as tf.io.JsonObject;
    await expect(tf.loadLayersModel(tf.io.fromMemory({ ...artifacts, modelTopology: topo }))).rejects.toThrow(/Unknown layer class 'FancyLayer'/);
  });
});
