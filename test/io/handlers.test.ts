import { mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { FormatError } from '../../src/core/errors.js';
import { tensor } from '../../src/ops/index.js';
import { faultInjection } from '../../src/core/atomic-write.js';
import { fileSystem } from '../../src/io/file-system.js';
import { http } from '../../src/io/http.js';
import { fromMemory, withSaveHandler } from '../../src/io/memory.js';
import { getLoadHandlers, getSaveHandlers } from '../../src/io/router.js';
import type { ModelArtifacts } from '../../src/io/types.js';
import { decodeWeights, encodeWeightsSync } from '../../src/io/weights-codec.js';

const topology = { class_name: 'Sequential', config: { name: 'm', layers: [] }, keras_version: 'tfjs-layers 4.22.0', backend: 'tensor_flow.js' };

function artifacts(values: number[]): ModelArtifacts {
  const { data, specs } = encodeWeightsSync({ 'dense/kernel': tensor(values), 'dense/bias': tensor([9], [1], 'int32') });
  return { modelTopology: topology, weightSpecs: specs, weightData: data, format: 'layers-model', generatedBy: 'test', convertedBy: null };
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'io-'));
}

afterEach(() => {
  faultInjection.afterFileWritten = null;
});

describe('fileSystem handler', () => {
  test('writes model.json (TF.js layout) plus group1-shard1of1.bin and loads it back', async () => {
    const dir = join(tmp(), 'model');
    await fileSystem(dir).save?.(artifacts([1, 2, 3]));
    expect(readdirSync(dir).sort()).toEqual(['group1-shard1of1.bin', 'model.json']);
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as Record<string, unknown>;
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest).toEqual([{ paths: ['group1-shard1of1.bin'], weights: [
      { name: 'dense/kernel', shape: [3], dtype: 'float32' }, { name: 'dense/bias', shape: [1], dtype: 'int32' }] }]);
    const loaded = await fileSystem(`file://${dir}/model.json`).load?.();
    expect(loaded?.modelTopology).toEqual(topology);
    const w = decodeWeights(loaded?.weightData ?? new ArrayBuffer(0), loaded?.weightSpecs ?? []);
    expect(Array.from(w['dense/kernel']?.values ?? [])).toEqual([1, 2, 3]);
    expect(w['dense/bias']?.values[0]).toBe(9);
  });

  test('splits weights above 4 MiB into shards and reassembles them', async () => {
    const dir = join(tmp(), 'big');
    const n = 1_200_000; // 4.8 MB of float32
    const values = new Float32Array(n).map((_, i) => i);
    const { data, specs } = encodeWeightsSync({ w: tensor(values, [n]) });
    await fileSystem(dir).save?.({ modelTopology: topology, weightSpecs: specs, weightData: data });
    expect(readdirSync(dir).sort()).toEqual(['group1-shard1of2.bin', 'group1-shard2of2.bin', 'model.json']);
    expect(readFileSync(join(dir, 'group1-shard1of2.bin')).length).toBe(4 * 1024 * 1024);
    const loaded = await fileSystem(dir).load?.();
    const w = decodeWeights(loaded?.weightData ?? new ArrayBuffer(0), loaded?.weightSpecs ?? []);
    expect(w.w?.values[n - 1]).toBe(n - 1);
  });

  test('a failure in the middle of a save leaves the previous model intact and no temp directories', async () => {
    const root = tmp();
    const dir = join(root, 'model');
    await fileSystem(dir).save?.(artifacts([1, 2, 3]));
    faultInjection.afterFileWritten = (file) => {
      if (file.endsWith('.bin')) throw new Error('simulated crash');
    };
    await expect(fileSystem(dir).save?.(artifacts([7, 8, 9]))).rejects.toThrow('simulated crash');
    expect(readdirSync(root)).toEqual(['model']);
    const loaded = await fileSystem(dir).load?.();
    const w = decodeWeights(loaded?.weightData ?? new ArrayBuffer(0), loaded?.weightSpecs ?? []);
    expect(Array.from(w['dense/kernel']?.values ?? [])).toEqual([1, 2, 3]);
  });

  test('a crash between the two swap renames is recovered from the complete dir.old-XXXX', async () => {
    const root = tmp();
    const dir = join(root, 'model');
    await fileSystem(dir).save?.(artifacts([4, 5, 6]));
    renameSync(dir, `${dir}.old-abcd1234`); // state right after the first rename
    const loaded = await fileSystem(dir).load?.();
    expect(loaded?.weightSpecs?.length).toBe(2);
    await fileSystem(dir).save?.(artifacts([7, 7, 7]));
    expect(readdirSync(root)).toEqual(['model']); // the next good save removes the leftover copy
  });

  test('missing shard, bad JSON and byte-count mismatches name the file', async () => {
    const dir = join(tmp(), 'm');
    await fileSystem(dir).save?.(artifacts([1, 2, 3]));
    writeFileSync(join(dir, 'group1-shard1of1.bin'), Buffer.alloc(5));
    const loaded = await fileSystem(dir).load?.();
    expect(() => decodeWeights(loaded?.weightData ?? new ArrayBuffer(0), loaded?.weightSpecs ?? [], 'x')).toThrow(FormatError);
    renameSync(join(dir, 'group1-shard1of1.bin'), join(dir, 'gone.bin'));
    await expect(fileSystem(dir).load?.()).rejects.toThrow(/group1-shard1of1.bin: cannot read weight shard 'group1-shard1of1.bin' listed in model.json \(ENOENT\)/);
    writeFileSync(join(dir, 'model.json'), '{"modelTopology": ');
    await expect(fileSystem(dir).load?.()).rejects.toThrow(/model.json: not valid JSON/);
    writeFileSync(join(dir, 'model.json'), JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['../evil.bin'], weights: [] }] }));
    await expect(fileSystem(dir).load?.()).rejects.toThrow(/may not contain '..'/);
  });

  test('routers: plain paths and file:// go to fileSystem, http(s):// to http, .keras not to fileSystem', () => {
    expect(getSaveHandlers('/tmp/x')).toHaveLength(1);
    expect(getLoadHandlers('file:///tmp/x/model.json')).toHaveLength(1);
    expect(getLoadHandlers('https://example.com/model.json')).toHaveLength(1);
    expect(getLoadHandlers('mem://x')).toHaveLength(0);
  });
});

describe('http handler', () => {
  test('loads model.json and shards from a 127.0.0.1 server, and POSTs multipart form data on save', async () => {
    const dir = join(tmp(), 'served');
    await fileSystem(dir).save?.(artifacts([1, 2, 3]));
    let posted = '';
    const server = createServer((req, res) => {
      if (req.method === 'POST') {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          posted = `${req.headers['content-type'] ?? ''}\n${Buffer.concat(chunks).toString('latin1')}`;
          res.end('ok');
        });
        return;
      }
      try {
        res.end(readFileSync(join(dir, (req.url ?? '').replace('/models/', ''))));
      } catch {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      let progress = 0;
      const loaded = await http(`http://127.0.0.1:${port}/models/model.json`, { onProgress: (f) => (progress = f) }).load?.();
      const w = decodeWeights(loaded?.weightData ?? new ArrayBuffer(0), loaded?.weightSpecs ?? []);
      expect(Array.from(w['dense/kernel']?.values ?? [])).toEqual([1, 2, 3]);
      expect(progress).toBe(1);
      await expect(http(`http://127.0.0.1:${port}/nope/model.json`).load?.()).rejects.toThrow(/nope\/model.json: request failed with HTTP 404/);
      await http(`http://127.0.0.1:${port}/upload`).save?.(artifacts([1, 2, 3]));
      expect(posted).toMatch(/^multipart\/form-data/);
      expect(posted).toContain('name="model.json"; filename="model.json"');
      expect(posted).toContain('"paths":["./model.weights.bin"]');
      expect(posted).toContain('name="model.weights.bin"');
    } finally {
      server.close();
    }
  });
});

describe('memory handlers', () => {
  test('fromMemory returns the artifacts; withSaveHandler receives them', async () => {
    const a = artifacts([1]);
    expect((await fromMemory(a).load?.())?.weightSpecs).toEqual(a.weightSpecs);
    let got: ModelArtifacts | null = null;
    await withSaveHandler((x) => {
      got = x;
      return Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } });
    }).save?.(a);
    expect(got).toBe(a);
  });
});
