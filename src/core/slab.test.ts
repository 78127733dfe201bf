import { describe, expect, test } from 'vitest';
import { allocArray } from './dtype.js';
import { SLAB_MAX_BYTES } from './slab.js';

describe('small arrays carved from slabs', () => {
  test('are zeroed, aligned and never overlap, for every dtype', () => {
    const arrays = [];
    for (let i = 0; i < 400; i++) {
      for (const dtype of ['float32', 'int32', 'bool', 'float64'] as const) {
        const a = allocArray(dtype, 1 + ((i * 7) % 40));
        expect(a.every((x) => x === 0)).toBe(true);
        expect(a.byteOffset % (a.byteLength > 64 ? 64 : 16)).toBe(0);
        a.fill(1); // a later array overlapping this one would not start at zero
        arrays.push(a);
      }
    }
    const byBuffer = new Map<ArrayBufferLike, [number, number][]>();
    for (const a of arrays) {
      const list = byBuffer.get(a.buffer) ?? [];
      list.push([a.byteOffset, a.byteOffset + a.byteLength]);
      byBuffer.set(a.buffer, list);
    }
    expect(byBuffer.size).toBeLessThan(arrays.length / 4); // really shared
    for (const list of byBuffer.values()) {
      list.sort((x, y) => x[0] - y[0]);
      for (let i = 1; i < list.length; i++) expect(list[i]![0]).toBeGreaterThanOrEqual(list[i - 1]![1]);
    }
  });

  test('larger arrays and empty ones get their own buffer', () => {
    const big = allocArray('float32', SLAB_MAX_BYTES / 4 + 1);
    expect(big.buffer.byteLength).toBe(big.byteLength);
    expect(allocArray('float32', 0).length).toBe(0);
    const edge = allocArray('float32', SLAB_MAX_BYTES / 4);
    expect(edge.buffer.byteLength).toBeGreaterThan(edge.byteLength);
  });
});
