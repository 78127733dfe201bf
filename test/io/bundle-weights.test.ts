import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import * as tf from '../../src/index.js';
import { FormatError, ShapeError, ValueError } from '../../src/core/errors.js';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'bw-'));
}

function net(seed: number): tf.Sequential {
  tf.setSeed(seed);
  return tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2], name: 'd0' }), tf.layers.dense({ units: 1, name: 'd1' })] });
}

/** A stand-in for the data package's preprocessing objects (toJSON/fromJSON). */
class Scaler {
  constructor(readonly mean: number[], readonly std: number[]) {}
  toJSON(): { mean: number[]; std: number[] } {
    return { mean: this.mean, std: this.std };
  }
  static fromJSON(j: { mean: number[]; std: number[] }): Scaler {
    return new Scaler(j.mean, j.std);
  }
}

describe('extras beside the model', () => {
  test('saveBundle writes extras.json and loadBundle returns the model with its preprocessing objects', async () => {
    const dir = join(tmp(), 'bundle');
    const model = net(1);
    await tf.io.saveBundle(dir, { model, extras: { scaler: new Scaler([1, 2], [0.5, 4]), vocab: { a: 1, b: 2 } } });
    expect(JSON.parse(readFileSync(join(dir, 'extras.json'), 'utf8'))).toEqual({
      format: 'tensorforge-extras', version: 1, items: { scaler: { mean: [1, 2], std: [0.5, 4] }, vocab: { a: 1, b: 2 } },
    });
    const { model: loaded, extras } = await tf.io.loadBundle(dir);
    expect(Scaler.fromJSON(extras.scaler as { mean: number[]; std: number[] }).std).toEqual([0.5, 4]);
    const x = tf.tensor([[1, -1]]);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as tf.Tensor).dataSync()));
  });

  test('the real preprocessing objects (StandardScaler, Tokenizer) come back fitted', async () => {
    const dir = join(tmp(), 'text');
    const scaler = new tf.preprocessing.StandardScaler().fit([[1, 10], [3, 30], [5, 20]]);
    const tok = new tf.preprocessing.Tokenizer({ oovToken: '<OOV>' });
    tok.fitOnTexts(['the cat sat', 'the dog sat down']);
    await tf.io.saveBundle(dir, { model: net(6), extras: { scaler, tokenizer: tok } });
    const { extras } = await tf.io.loadBundle(dir);
    const scaler2 = tf.preprocessing.StandardScaler.fromJSON(JSON.parse(JSON.stringify(extras.scaler)));
    const tok2 = tf.preprocessing.tokenizerFromJSON(JSON.stringify(extras.tokenizer));
    const probe = [[2, 25], [0, 0]];
    expect(Array.from(scaler2.transform(probe).dataSync())).toEqual(Array.from(scaler.transform(probe).dataSync()));
    expect(tok2.textsToSequences(['the bird sat'])).toEqual(tok.textsToSequences(['the bird sat']));
  });

  test('model.save(dir, {artifacts}) is the same mechanism; getModelExtras reads them back', async () => {
    const dir = join(tmp(), 'm');
    await net(2).save(dir, { artifacts: { labels: ['cat', 'dog'] } });
    expect(tf.io.getModelExtras(await tf.loadLayersModel(dir))).toEqual({ labels: ['cat', 'dog'] });
    await net(2).save(dir);
    expect(existsSync(join(dir, 'extras.json'))).toBe(false);
    expect(tf.io.getModelExtras(await tf.loadLayersModel(dir))).toEqual({});
  });
});

describe('saveWeights / loadWeights (safetensors)', () => {
  test('round-trips weights by variable name into another model of the same architecture', async () => {
    const p = join(tmp(), 'w.safetensors');
    const a = net(3);
    await a.saveWeights(p);
    const st = await tf.io.readSafetensors(p);
    expect(Object.keys(st.tensors)).toEqual(['d0/kernel', 'd0/bias', 'd1/kernel', 'd1/bias']);
    expect(st.metadata.format).toBe('tensorforge');
    const b = net(4);
    const x = tf.tensor([[0.5, 2]]);
    expect(Array.from((b.predict(x) as tf.Tensor).dataSync())).not.toEqual(Array.from((a.predict(x) as tf.Tensor).dataSync()));
    await b.loadWeights(p);
    expect(Array.from((b.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((a.predict(x) as tf.Tensor).dataSync()));
  });

  test('a mismatching file changes nothing in the live model (all-or-nothing)', async () => {
    const p = join(tmp(), 'bad.safetensors');
    await tf.io.saveSafetensors(p, { 'd0/kernel': tf.ones([2, 3]), 'd0/bias': tf.ones([3]), 'd1/kernel': tf.ones([3, 2]), 'd1/bias': tf.ones([1]) });
    const m = net(5);
    const before = m.getWeights().map((w) => Array.from(w.dataSync()));
    await expect(m.loadWeights(p)).rejects.toThrow(ShapeError);
    await expect(m.loadWeights(p)).rejects.toThrow(/weight 'd1\/kernel' has shape \[3,2\] but model variable 'd1\/kernel' has shape \[3,1\]/);
    expect(m.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    await tf.io.saveSafetensors(p, { 'd0/kernel': tf.ones([2, 3]) });
    await expect(m.loadWeights(p)).rejects.toThrow(FormatError);
    expect(m.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    await expect(m.saveWeights(join(tmp(), 'w.bin'))).rejects.toThrow(ValueError);
  });
});
