import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FormatError } from '../core/errors.js';
import { tensor } from '../ops/index.js';
import { decodeSafetensors, encodeSafetensors, loadSafetensors, readSafetensors, saveSafetensors } from './safetensors.js';

function build(header: object, data: number[]): Uint8Array {
  const json = Buffer.from(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe('safetensors', () => {
  test('writes the exact layout: u64 LE length, space-padded JSON header aligned to 8, raw LE data', () => {
    const bytes = encodeSafetensors({ w: tensor([[1, 2]]), i: tensor([3], [1], 'int32') }, { format: 'pt' });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    const header = Buffer.from(bytes.subarray(8, 8 + n)).toString('utf8');
    expect(header.trimEnd()).toBe(
      '{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},"i":{"dtype":"I32","shape":[1],"data_offsets":[8,12]}}',
    );
    expect(/ *$/.exec(header)?.[0].length).toBe(n - header.trimEnd().length);
    expect(new DataView(bytes.buffer).getFloat32(8 + n + 4, true)).toBe(2);
    expect(new DataView(bytes.buffer).getInt32(8 + n + 8, true)).toBe(3);
  });

  test('round-trips F32/F64/I32/BOOL through a file, with metadata', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'st-'));
    const path = join(dir, 'x.safetensors');
    await saveSafetensors(path, {
      f: tensor([1.25, -3]), d: tensor([1e-300], [1], 'float64'), i: tensor([-5, 9], [2], 'int32'), b: tensor([1, 0], [2], 'bool'),
    }, { note: 'hi' });
    const { tensors, metadata } = await readSafetensors(path);
    expect(metadata).toEqual({ note: 'hi' });
    expect(Array.from(tensors.f?.values ?? [])).toEqual([1.25, -3]);
    expect(tensors.d?.dtype).toBe('float64');
    expect(tensors.d?.values[0]).toBe(1e-300);
    expect(tensors.i?.dtype).toBe('int32');
    expect(Array.from(tensors.b?.values ?? [])).toEqual([1, 0]);
    expect(Object.keys(await loadSafetensors(path))).toEqual(['f', 'd', 'i', 'b']);
    expect((await readFile(path)).length).toBeGreaterThan(8);
  });

  test('reads U8, I8, I16, F16, BF16 and I64 written by other tools', () => {
    const bytes = build({
      u8: { dtype: 'U8', shape: [2], data_offsets: [0, 2] },
      i8: { dtype: 'I8', shape: [1], data_offsets: [2, 3] },
      pad: { dtype: 'U8', shape: [1], data_offsets: [3, 4] },
      h: { dtype: 'F16', shape: [1], data_offsets: [4, 6] },
      bf: { dtype: 'BF16', shape: [1], data_offsets: [6, 8] },
      l: { dtype: 'I64', shape: [1], data_offsets: [8, 16] },
    }, [255, 1, 0xfe, 0, 0x00, 0x3c, 0xc0, 0x3f, 0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    const { tensors } = decodeSafetensors(bytes);
    expect(Array.from(tensors.u8?.values ?? [])).toEqual([255, 1]);
    expect(tensors.i8?.values[0]).toBe(-2);
    expect(tensors.h?.values[0]).toBe(1);
    expect(tensors.bf?.values[0]).toBe(1.5);
    expect(tensors.l?.values[0]).toBe(-3);
  });

  test('rejects malformed files with FormatError naming the file and the problem', () => {
    const ok = encodeSafetensors({ w: tensor([1, 2]) });
    expect(() => decodeSafetensors(ok.subarray(0, 5), 'a.st')).toThrow(/a.st: file is 5 bytes/);
    expect(() => decodeSafetensors(ok.subarray(0, ok.length - 1), 'a.st')).toThrow(/header describes 8 data bytes but the file holds 7/);
    expect(() => decodeSafetensors(build({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, new Array(8).fill(0)), 'b')).toThrow(
      /'w' \(F32, shape \[3\]\) needs 12 bytes but data_offsets span 8/,
    );
    expect(() => decodeSafetensors(build({ w: { dtype: 'Q4', shape: [1], data_offsets: [0, 1] } }, [0]), 'c')).toThrow(/unsupported dtype "Q4"/);
    expect(() => decodeSafetensors(build({ a: { dtype: 'U8', shape: [1], data_offsets: [1, 2] } }, [0, 0]), 'd')).toThrow(/starts at byte 1, expected 0/);
    expect(() => decodeSafetensors(build({ __metadata__: { n: 1 } }, []), 'e')).toThrow(/__metadata__ 'n' must be a string/);
    const big = new Uint8Array(16);
    new DataView(big.buffer).setBigUint64(0, 1n << 40n, true);
    expect(() => decodeSafetensors(big, 'f')).toThrow(FormatError);
  });
});
