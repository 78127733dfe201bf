import { describe, expect, test } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type IdxArray, decodeIdx, encodeIdx, idxToTensor, readIdx, writeIdx } from './idx.js';

const cases: IdxArray[] = [
  { type: 'uint8', shape: [2, 3], values: new Uint8Array([0, 1, 2, 253, 254, 255]) },
  { type: 'int8', shape: [4], values: new Int8Array([-128, -1, 0, 127]) },
  { type: 'int16', shape: [2, 1, 2], values: new Int16Array([-32768, -2, 300, 32767]) },
  { type: 'int32', shape: [3], values: new Int32Array([-2147483648, 7, 2147483647]) },
  { type: 'float32', shape: [1, 2], values: new Float32Array([1.5, -0.25]) },
  { type: 'float64', shape: [2], values: new Float64Array([Math.PI, -1e300]) },
  { type: 'uint8', shape: [], values: new Uint8Array([9]) },
  { type: 'float32', shape: [0, 5], values: new Float32Array(0) },
];

describe('IDX', () => {
  test('header bytes are big-endian: magic 0x00000803 and dims', () => {
    const b = encodeIdx({ type: 'uint8', shape: [1, 2, 2], values: new Uint8Array([1, 2, 3, 4]) });
    expect(Array.from(b)).toEqual([0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3, 4]);
    const s = encodeIdx({ type: 'int16', shape: [1], values: new Int16Array([258]) });
    expect(Array.from(s)).toEqual([0, 0, 0x0b, 1, 0, 0, 0, 1, 1, 2]);
  });

  test.each(cases.map((c) => [`${c.type} [${c.shape.join(',')}]`, c] as const))('round trip %s, raw and gzip', (_, c) => {
    for (const gzip of [false, true]) {
      const back = decodeIdx(encodeIdx(c, { gzip }), 'x');
      expect(back.type).toBe(c.type);
      expect(back.shape).toEqual(c.shape);
      expect(Array.from(back.values)).toEqual(Array.from(c.values));
    }
  });

  test('corrupt and truncated files name the file and the problem', () => {
    const good = encodeIdx({ type: 'int32', shape: [2, 2], values: new Int32Array([1, 2, 3, 4]) });
    expect(() => decodeIdx(good.subarray(0, good.length - 3), 'f.idx')).toThrow(
      /IDX 'f.idx': file truncated; header says int32 \[2, 2\] = 28 bytes, found 25/,
    );
    expect(() => decodeIdx(new Uint8Array([...good, 0]), 'f.idx')).toThrow(/has trailing bytes/);
    expect(() => decodeIdx(new Uint8Array([1, 0, 8, 1]), 'f.idx')).toThrow(/bad magic number 0x01000801/);
    expect(() => decodeIdx(new Uint8Array([0, 0, 7, 1, 0, 0, 0, 0]), 'f.idx')).toThrow(/unknown type code 0x07/);
    expect(() => decodeIdx(new Uint8Array([0, 0, 8, 3, 0, 0]), 'f.idx')).toThrow(/truncated header; rank 3 needs 16 header bytes/);
    expect(() => decodeIdx(new Uint8Array([0, 0]), 'f.idx')).toThrow(/too short for the 4-byte magic/);
    const gz = gzipSync(good);
    expect(() => decodeIdx(gz.subarray(0, gz.length - 6), 'f.gz')).toThrow(/IDX 'f.gz': the gzip stream is corrupt or truncated/);
  });

  test('files on disk and conversion to tensors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-idx-'));
    const path = join(dir, 'a-idx2-ubyte.gz');
    await writeIdx(path, cases[0]!, { gzip: true });
    const back = await readIdx(path);
    const t = idxToTensor(back);
    expect(t.dtype).toBe('int32');
    expect(t.shape).toEqual([2, 3]);
    expect(Array.from(t.values)).toEqual([0, 1, 2, 253, 254, 255]);
    expect(idxToTensor(back, 'float32').dtype).toBe('float32');
    await expect(readIdx(join(dir, 'nope'))).rejects.toThrow(/cannot read the file \(ENOENT\)/);
  });
});
