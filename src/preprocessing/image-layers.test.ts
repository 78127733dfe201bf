import { describe, expect, test } from 'vitest';
import '../index.js'; // registers the backends: Rescaling, Resizing and CenterCrop run ops
import { deserializeLayer, serializeLayer } from '../layers/registry.js';
import { Tensor } from '../tensor/tensor.js';
import { RandomContrast, RandomFlip, RandomRotation, RandomTranslation, RandomZoom } from './image-layers.js';
import { CenterCrop, Rescaling, Resizing } from './image-resize-layers.js';

/** A [h, w, 1] image from rows of numbers. */
const img = (rows: number[][]): Tensor => new Tensor(Float32Array.from(rows.flat()), [rows.length, rows[0]!.length, 1], 'float32');
const grid = (t: Tensor): number[][] => {
  const [h, w] = t.shape.length === 4 ? t.shape.slice(1, 3) : t.shape.slice(0, 2);
  return Array.from({ length: h! }, (_, y) => Array.from(t.values.subarray(y * w!, (y + 1) * w!), (v) => Math.round(v * 1e5) / 1e5));
};
const x3 = img([
  [1, 2, 3],
  [4, 5, 6],
  [7, 8, 9],
]);

describe('random augmentation layers', () => {
  test('identity at inference, changed in training', () => {
    const rot = new RandomRotation({ factor: [0.25, 0.25] });
    expect(rot.apply(x3)).toBe(x3);
    expect(rot.apply(x3, { training: false })).toBe(x3);
    expect(grid(rot.apply(x3, { training: true }) as Tensor)).toEqual([
      [3, 6, 9],
      [2, 5, 8],
      [1, 4, 7],
    ]); // 90° counter-clockwise
    expect(grid(new RandomRotation({ factor: [0.5, 0.5] }).apply(x3, { training: true }) as Tensor)).toEqual([
      [9, 8, 7],
      [6, 5, 4],
      [3, 2, 1],
    ]);
  });

  test('RandomFlip flips each image of a batch independently, seeded', () => {
    const batch = new Tensor(Float32Array.from({ length: 40 * 3 }, (_, i) => (i % 3) + 1), [40, 1, 3, 1], 'float32');
    const out = new RandomFlip({ mode: 'horizontal', seed: 3 }).apply(batch, { training: true }) as Tensor;
    const kinds = new Set<string>();
    for (let i = 0; i < 40; i++) kinds.add(Array.from(out.values.subarray(i * 3, i * 3 + 3)).join(','));
    expect([...kinds].sort()).toEqual(['1,2,3', '3,2,1']);
    const again = new RandomFlip({ mode: 'horizontal', seed: 3 }).apply(batch, { training: true }) as Tensor;
    expect(Array.from(again.values)).toEqual(Array.from(out.values));
    const v = new RandomFlip({ mode: 'vertical', seed: 1 });
    const seen = new Set<string>();
    for (let k = 0; k < 10; k++) seen.add(JSON.stringify(grid(v.apply(x3, { training: true }) as Tensor)));
    expect([...seen].sort()).toEqual([JSON.stringify(grid(x3)), JSON.stringify([[7, 8, 9], [4, 5, 6], [1, 2, 3]])].sort());
    // @ts-expect-error -- invalid on purpose: the run-time check and its message are under test
    expect(() => new RandomFlip({ mode: 'diagonal' })).toThrow(/mode must be 'horizontal', 'vertical' or 'horizontal_and_vertical'/);
  });

  test('RandomZoom: zoom out keeps the centre, zoom in interpolates', () => {
    const out = new RandomZoom({ heightFactor: [1, 1], fillMode: 'constant', interpolation: 'nearest' }).apply(x3, { training: true });
    expect(grid(out as Tensor)).toEqual([
      [0, 0, 0],
      [0, 5, 0],
      [0, 0, 0],
    ]);
    const zin = new RandomZoom({ heightFactor: [-0.5, -0.5] }).apply(x3, { training: true });
    expect(grid(zin as Tensor)).toEqual([
      [3, 3.5, 4],
      [4.5, 5, 5.5],
      [6, 6.5, 7],
    ]);
  });

  test('RandomTranslation with each fill mode', () => {
    const shift = (fillMode: 'constant' | 'reflect' | 'wrap' | 'nearest'): number[][] =>
      grid(new RandomTranslation({ heightFactor: 0, widthFactor: [1 / 3, 1 / 3], fillMode, fillValue: -1 }).apply(x3, { training: true }) as Tensor);
    expect(shift('constant')).toEqual([
      [-1, 1, 2],
      [-1, 4, 5],
      [-1, 7, 8],
    ]);
    expect(shift('reflect')[0]).toEqual([1, 1, 2]);
    expect(shift('wrap')[0]).toEqual([3, 1, 2]);
    expect(shift('nearest')[0]).toEqual([1, 1, 2]);
    // @ts-expect-error -- invalid on purpose: the run-time check and its message are under test
    expect(() => new RandomTranslation({ heightFactor: 0, widthFactor: 0, fillMode: 'mirror' })).toThrow(/fillMode must be one of/);
  });

  test('RandomContrast keeps the channel mean and scales deviations by one factor in range', () => {
    const out = new RandomContrast({ factor: [0.5, 0.5], seed: 2 }).apply(x3, { training: true }) as Tensor;
    const o = Array.from(out.values);
    expect(o.reduce((a, b) => a + b, 0) / 9).toBeCloseTo(5, 5);
    const f = (o[0]! - 5) / (1 - 5);
    expect(f).toBeGreaterThanOrEqual(0.5);
    expect(f).toBeLessThanOrEqual(1.5);
    o.forEach((v, i) => expect(v).toBeCloseTo(5 + (i + 1 - 5) * f, 4));
    expect(() => new RandomContrast({ factor: 2 })).toThrow(/factor must be in \[0, 1\]/);
  });

  test('rank errors and config round trips', () => {
    expect(() => new RandomFlip().apply(new Tensor(new Float32Array(4), [4], 'float32'), { training: true })).toThrow(
      /expected images of shape \[height, width, channels\].*received \[4\]/,
    );
    for (const layer of [
      new RandomRotation({ factor: 0.1, fillMode: 'constant', seed: 4 }),
      new RandomZoom({ heightFactor: 0.2, widthFactor: [0, 0.1] }),
      new RandomFlip({ mode: 'vertical' }),
      new Rescaling({ scale: 0.5, offset: 1 }),
      new Resizing({ height: 4, width: 5, interpolation: 'nearest' }),
      new CenterCrop({ height: 2, width: 2 }),
    ]) {
      const s = serializeLayer(layer);
      const back = deserializeLayer(JSON.parse(JSON.stringify(s)));
      expect(back.getClassName()).toBe(layer.getClassName());
      expect(back.getConfig()).toEqual(layer.getConfig());
    }
  });
});

describe('deterministic image layers', () => {
  test('Rescaling maps [0, 255] to [0, 1] or [-1, 1]', () => {
    const x = new Tensor(new Int32Array([0, 51, 255]), [3], 'int32');
    // Computed in float32 like Keras (the scale is rounded to float32 too), so compare to 1e-6.
    expect(Array.from((new Rescaling({ scale: 1 / 255 }).apply(x) as Tensor).values).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([0, 0.2, 1]);
    expect(Array.from((new Rescaling({ scale: 1 / 127.5, offset: -1 }).apply(x) as Tensor).values).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([-1, -0.6, 1]);
    expect(() => new Rescaling({ scale: NaN })).toThrow(/scale must be a finite number/);
  });

  test('Resizing bilinear uses half-pixel centres; nearest downsampling picks floor((o+0.5)·scale)', () => {
    const up = new Resizing({ height: 4, width: 4 }).apply(img([[0, 1], [2, 3]])) as Tensor;
    expect(up.shape).toEqual([4, 4, 1]);
    expect(grid(up)).toEqual([
      [0, 0.25, 0.75, 1],
      [0.5, 0.75, 1.25, 1.5],
      [1.5, 1.75, 2.25, 2.5],
      [2, 2.25, 2.75, 3],
    ]);
    const x4 = img([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10, 11, 12],
      [13, 14, 15, 16],
    ]);
    expect(grid(new Resizing({ height: 2, width: 2, interpolation: 'nearest' }).apply(x4) as Tensor)).toEqual([
      [6, 8],
      [14, 16],
    ]);
    expect(grid(new CenterCrop({ height: 2, width: 2 }).apply(x4) as Tensor)).toEqual([
      [6, 7],
      [10, 11],
    ]);
    const batch = new Tensor(new Float32Array(2 * 4 * 4 * 3), [2, 4, 4, 3], 'float32');
    expect((new CenterCrop({ height: 3, width: 2 }).apply(batch) as Tensor).shape).toEqual([2, 3, 2, 3]);
    expect(() => new CenterCrop({ height: 5, width: 2 }).apply(x4)).toThrow(/cannot crop 4x4 images to 5x2/);
    expect(new Resizing({ height: 3, width: 3 }).computeOutputShape([null, 8, 8, 1])).toEqual([null, 3, 3, 1]);
    expect(() => new Resizing({ height: 0, width: 2 })).toThrow(/height must be a positive integer, received 0/);
  });
});
