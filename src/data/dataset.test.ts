import { describe, expect, test } from 'vitest';
import { Tensor } from '../tensor/tensor.js';
import { array, generator, zip } from './sources.js';
import { batchElements } from './batch.js';

const values = (t: unknown): number[] => Array.from((t as Tensor).values);

describe('Dataset', () => {
  test('map, filter, take, skip, concatenate, repeat keep order and sizes', async () => {
    const ds = array([1, 2, 3, 4, 5]);
    expect(await ds.map((x) => x * 10).toArray()).toEqual([10, 20, 30, 40, 50]);
    expect(await ds.filter((x) => x % 2 === 1).toArray()).toEqual([1, 3, 5]);
    expect(ds.filter(() => true).size).toBeNull();
    expect(await ds.take(2).toArray()).toEqual([1, 2]);
    expect(ds.take(2).size).toBe(2);
    expect(await ds.skip(3).toArray()).toEqual([4, 5]);
    expect(ds.skip(7).size).toBe(0);
    expect(await ds.take(2).concatenate(ds.skip(4)).toArray()).toEqual([1, 2, 5]);
    expect(await array([1, 2]).repeat(3).toArray()).toEqual([1, 2, 1, 2, 1, 2]);
    expect(array([1]).repeat().size).toBe(Infinity);
    expect(await array([1, 2]).repeat().take(5).toArray()).toEqual([1, 2, 1, 2, 1]);
    expect(await ds.mapAsync(async (x) => x + 1).toArray()).toEqual([2, 3, 4, 5, 6]);
  });

  test('toArray of an infinite dataset throws a clear error', async () => {
    await expect(array([1]).repeat().toArray()).rejects.toThrow(/infinite.*take\(n\)/);
  });

  test('batch stacks numbers, arrays and objects; smallLastBatch', async () => {
    const ds = array([
      { xs: [1, 2], ys: 0 },
      { xs: [3, 4], ys: 1 },
      { xs: [5, 6], ys: 0 },
    ]);
    const batches = await ds.batch(2).toArray();
    expect(batches.length).toBe(2);
    const b0 = batches[0]!;
    expect(b0.xs.shape).toEqual([2, 2]);
    expect(values(b0.xs)).toEqual([1, 2, 3, 4]);
    expect(b0.ys.shape).toEqual([2]);
    expect(values(b0.ys)).toEqual([0, 1]);
    expect(batches[1]!.xs.shape).toEqual([1, 2]);
    expect(await ds.batch(2, false).toArray()).toHaveLength(1);
    expect(ds.batch(2).size).toBe(2);
    expect(ds.batch(2, false).size).toBe(1);
  });

  test('batch stacks tensors keeping dtype, tuples per position, strings as arrays', () => {
    const a = new Tensor(new Int32Array([1, 2]), [2], 'int32');
    const b = new Tensor(new Int32Array([3, 4]), [2], 'int32');
    const y = new Tensor(new Float32Array([9]), [1], 'float32');
    const out = batchElements([
      [a, y],
      [b, y],
    ]) as Tensor[];
    expect(out[0]!.shape).toEqual([2, 2]);
    expect(out[0]!.dtype).toBe('int32');
    expect(values(out[0])).toEqual([1, 2, 3, 4]);
    expect(out[1]!.shape).toEqual([2, 1]);
    expect(batchElements(['a', 'b'])).toEqual(['a', 'b']);
    // A ragged array element is a tuple: [features, label] batches per position.
    const tuple = batchElements([
      [[1, 2], 0],
      [[3, 4], 1],
    ]) as Tensor[];
    expect(tuple[0]!.shape).toEqual([2, 2]);
    expect(values(tuple[1])).toEqual([0, 1]);
    expect(values(batchElements([1, null, 3]))).toEqual([1, NaN, 3]);
  });

  test('batch rejects ragged elements with the shapes in the message', () => {
    expect(() => batchElements([[1, 2], [3]])).toThrow(/element 1 has 1 values but element 0 has shape \[2\]/);
    const a = new Tensor(new Float32Array(2), [2], 'float32');
    const b = new Tensor(new Float32Array(3), [3], 'float32');
    expect(() => batchElements([a, b])).toThrow(/element 1 has shape \[3\] but element 0 has \[2\]/);
  });

  test('shuffle is a seeded permutation; reshuffleEachIteration controls passes', async () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    const ds = array(items).shuffle(20, 7);
    const p1 = await ds.toArray();
    const p2 = await ds.toArray();
    expect([...p1].sort((a, b) => a - b)).toEqual(items);
    expect(p1).not.toEqual(items);
    expect(p2).not.toEqual(p1);
    expect(await array(items).shuffle(20, 7).toArray()).toEqual(p1);
    const fixed = array(items).shuffle(5, 3, false);
    const f1 = await fixed.toArray();
    expect(await fixed.toArray()).toEqual(f1);
    expect([...f1].sort((a, b) => a - b)).toEqual(items);
    // A window of 5 can move an element at most... forward by any amount but never earlier than index - 4.
    f1.forEach((v, i) => expect(i).toBeGreaterThanOrEqual(v - 4));
  });

  test('iterator() works directly and awaited; async iteration; forEachAsync', async () => {
    const ds = array([1, 2]);
    const it = ds.iterator();
    expect(await it.next()).toEqual({ done: false, value: 1 });
    const it2 = await ds.iterator();
    expect(await it2.next()).toEqual({ done: false, value: 1 });
    expect(await it2.next()).toEqual({ done: false, value: 2 });
    expect((await it2.next()).done).toBe(true);
    const seen: number[] = [];
    for await (const x of ds) seen.push(x);
    await ds.forEachAsync((x) => void seen.push(x * 10));
    expect(seen).toEqual([1, 2, 10, 20]);
  });

  test('prefetch preserves order', async () => {
    expect(await array([1, 2, 3, 4, 5]).prefetch(3).toArray()).toEqual([1, 2, 3, 4, 5]);
  });

  test('generator restarts for each pass; zip of objects and arrays ends at the shortest', async () => {
    let calls = 0;
    const g = generator(function* () {
      calls++;
      for (let i = 0; i < 3; i++) yield i;
    });
    expect(await g.toArray()).toEqual([0, 1, 2]);
    expect(await g.toArray()).toEqual([0, 1, 2]);
    expect(calls).toBe(2);
    const z = zip({ xs: array([[1], [2], [3]]), ys: array([0, 1]) });
    expect(await z.toArray()).toEqual([
      { xs: [1], ys: 0 },
      { xs: [2], ys: 1 },
    ]);
    expect(z.size).toBe(2);
    expect(await zip([array([1, 2]), array(['a', 'b'])]).toArray()).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    // @ts-expect-error -- invalid on purpose: the run-time check and its message are under test
    expect(() => zip({ a: [1] })).toThrow(/entry 'a' is not a Dataset/);
  });

  test('config errors name the method and value', () => {
    expect(() => array([1]).batch(0)).toThrow(/Dataset.batch: batchSize must be a positive integer, received 0/);
    expect(() => array([1]).shuffle(-1)).toThrow(/Dataset.shuffle: bufferSize/);
    expect(() => array([1]).take(-2)).toThrow(/Dataset.take: expected a non-negative integer/);
  });
});
