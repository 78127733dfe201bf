// Mutated files (truncations, byte flips, JSON edits) fed to every loader must either load or fail with one of our
// typed errors, never a crash, a hang or a generic TypeError/RangeError/SyntaxError.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '../../src/index.js';
import { TensorforgeError } from '../../src/core/errors.js';
import { repoRoot } from '../helpers/paths.js';

const fixtures = join(repoRoot, 'test/fixtures/io');

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function truncate(bytes: Uint8Array, r: () => number): Uint8Array {
  return bytes.slice(0, Math.floor(r() * bytes.length));
}

function flip(bytes: Uint8Array, r: () => number, count: number): Uint8Array {
  const out = bytes.slice();
  for (let i = 0; i < count; i++) {
    const at = Math.floor(r() * out.length);
    out[at] = (out[at] ?? 0) ^ (1 + Math.floor(r() * 255));
  }
  return out;
}

/** JSON edits: drop a key, replace a value with a wrong type, or scale a number somewhere in the tree. */
function editJson(doc: unknown, r: () => number): unknown {
  const copy = JSON.parse(JSON.stringify(doc)) as unknown;
  const paths: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) {
      x.forEach((v, i) => {
        paths.push({ parent: x, key: i });
        walk(v);
      });
    } else if (x !== null && typeof x === 'object') {
      for (const [k, v] of Object.entries(x)) {
        paths.push({ parent: x as Record<string, unknown>, key: k });
        walk(v);
      }
    }
  };
  walk(copy);
  const p = paths[Math.floor(r() * paths.length)];
  if (p === undefined) return copy;
  const replacements: unknown[] = [null, 'x', -1, 1e9, [], {}, true, [3, -2], 'float16', { class_name: 'Nope', config: {} }];
  const mode = Math.floor(r() * 3);
  const parent = p.parent as Record<string | number, unknown>;
  if (mode === 0 && !Array.isArray(p.parent)) delete parent[p.key];
  else if (mode === 1) parent[p.key] = replacements[Math.floor(r() * replacements.length)];
  else if (typeof parent[p.key] === 'number') parent[p.key] = (parent[p.key] as number) * 3 + 1;
  else parent[p.key] = replacements[Math.floor(r() * replacements.length)];
  return copy;
}

async function expectTypedOrOk(load: () => Promise<unknown>, what: string): Promise<'ok' | 'typed'> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: loader hung`)), 10_000);
  });
  try {
    await Promise.race([load(), hang]);
    return 'ok';
  } catch (e) {
    if (!(e instanceof TensorforgeError)) throw new Error(`${what}: expected a typed Tensorforge error, got ${String(e)}`, { cause: e });
    expect(e.message.length).toBeGreaterThan(10);
    if (process.env.FUZZ_DEBUG) console.log(what, e.constructor.name, e.message.slice(0, 160));
    return 'typed';
  } finally {
    clearTimeout(timer);
  }
}

let modelDir = '';
let work = '';

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'fuzz-'));
  modelDir = join(work, 'base');
  tf.setSeed(1);
  const m = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2], activation: 'relu' }), tf.layers.dense({ units: 1 })] });
  await m.save(modelDir);
});

describe('fuzzing every loader', () => {
  test('model.json edits, byte flips and truncations, and shard corruption', async () => {
    const r = prng(11);
    const json = JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8')) as unknown;
    const jsonBytes = new Uint8Array(readFileSync(join(modelDir, 'model.json')));
    const shard = new Uint8Array(readFileSync(join(modelDir, 'group1-shard1of1.bin')));
    const counts = { ok: 0, typed: 0 };
    for (let i = 0; i < 120; i++) {
      const dir = join(work, `m${i}`);
      const kind = i % 4;
      const mj = kind === 0 ? new TextEncoder().encode(JSON.stringify(editJson(json, r))) : kind === 1 ? flip(jsonBytes, r, 1 + Math.floor(r() * 3)) : kind === 2 ? truncate(jsonBytes, r) : jsonBytes;
      const sh = kind === 3 ? (r() < 0.5 ? truncate(shard, r) : flip(shard, r, 2)) : shard;
      const { mkdirSync } = await import('node:fs');
      mkdirSync(dir);
      writeFileSync(join(dir, 'model.json'), mj);
      writeFileSync(join(dir, 'group1-shard1of1.bin'), sh);
      counts[await expectTypedOrOk(() => tf.loadLayersModel(join(dir, 'model.json')), `model.json mutation ${i}`)]++;
    }
    expect(counts.typed).toBeGreaterThan(40);
  });

  test('safetensors byte flips, truncations and header edits', async () => {
    const r = prng(22);
    const base = tf.io.encodeSafetensors({ a: tf.tensor([[1, 2], [3, 4]]), b: tf.tensor([1, 2, 3], [3], 'int32') }, { k: 'v' });
    const counts = { ok: 0, typed: 0 };
    for (let i = 0; i < 200; i++) {
      const bytes = i % 2 === 0 ? flip(base, r, 1 + Math.floor(r() * 4)) : truncate(base, r);
      counts[await expectTypedOrOk(() => Promise.resolve(tf.io.decodeSafetensors(bytes, `st${i}`)), `safetensors mutation ${i}`)]++;
    }
    expect(counts.typed).toBeGreaterThan(100);
  });

  test('.keras archives and .h5 files: flips, truncations, and config edits', async () => {
    const r = prng(33);
    const { unzipSync, zipSync, strToU8 } = await import('fflate');
    const keras = new Uint8Array(readFileSync(join(fixtures, 'keras3-dense.keras')));
    const h5 = new Uint8Array(readFileSync(join(fixtures, 'keras2-dense.h5')));
    const entries = unzipSync(keras);
    const config = JSON.parse(new TextDecoder().decode(entries['config.json'])) as unknown;
    const counts = { ok: 0, typed: 0 };
    for (let i = 0; i < 36; i++) {
      const kind = i % 4;
      let bytes: Uint8Array;
      let name = 'x.keras';
      if (kind === 0) bytes = flip(keras, r, 1 + Math.floor(r() * 3));
      else if (kind === 1) bytes = truncate(keras, r);
      else if (kind === 2) bytes = zipSync({ ...entries, 'config.json': strToU8(JSON.stringify(editJson(config, r))), 'model.weights.h5': r() < 0.5 ? (entries['model.weights.h5'] as Uint8Array) : flip(entries['model.weights.h5'] as Uint8Array, r, 3) });
      else {
        name = 'x.h5';
        bytes = r() < 0.5 ? flip(h5, r, 1 + Math.floor(r() * 5)) : truncate(h5, r);
      }
      const p = join(work, `k${i}-${name}`);
      writeFileSync(p, bytes);
      counts[await expectTypedOrOk(() => tf.io.loadKerasModel(p), `keras mutation ${i}`)]++;
    }
    expect(counts.typed).toBeGreaterThan(10);
  });
});
