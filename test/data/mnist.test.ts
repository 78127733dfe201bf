// MNIST / Fashion-MNIST loading from the shared datasets and through a loopback download server.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { datasetsDir, hasDatasets } from '../helpers/paths.js';
import { fashionMnist, mnist } from '../../src/datasets/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';

function counts(labels: Tensor): number[] {
  const c = new Array<number>(10).fill(0);
  for (const v of labels.values) c[v] = (c[v] ?? 0) + 1;
  return c;
}

function mean(t: Tensor): number {
  let s = 0;
  for (const v of t.values) s += v;
  return s / t.size;
}

describe.skipIf(!hasDatasets)('datasets from /work/shared', () => {
  test('mnist.load({path}) gives int32 [N,28,28] raw pixels and the known label distribution', async () => {
    const { train, test: testSplit } = await mnist.load({ path: join(datasetsDir, 'mnist') });
    expect(train.images.shape).toEqual([60000, 28, 28]);
    expect(train.images.dtype).toBe('int32');
    expect(train.labels.shape).toEqual([60000]);
    expect(testSplit.images.shape).toEqual([10000, 28, 28]);
    expect(counts(train.labels)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(counts(testSplit.labels)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    expect(mean(testSplit.images)).toBeCloseTo(33.791, 2);
    expect(Math.max(...testSplit.images.values.subarray(0, 784 * 10))).toBe(255);
  });

  test('fashionMnist.load({path}) has 1000 test images per class', async () => {
    const { test: testSplit, train } = await fashionMnist.load({ path: join(datasetsDir, 'fashion-mnist') });
    expect(counts(testSplit.labels)).toEqual(new Array(10).fill(1000));
    expect(counts(train.labels)).toEqual(new Array(10).fill(6000));
    expect(mean(testSplit.images)).toBeCloseTo(73.15, 1);
  });

  test('a missing file in path is a clear error', async () => {
    await expect(mnist.load({ path: tmpdir() })).rejects.toThrow(/datasets.mnist: 't10k-images-idx3-ubyte' \(or '.*\.gz'\) not found in path/);
  });
});

describe.skipIf(!hasDatasets)('download from a loopback server', () => {
  let server: Server;
  let base = '';
  const hits: string[] = [];
  // Routes: /good/<file> serves MNIST, /wrong/<file> serves Fashion-MNIST under MNIST names (checksum mismatch),
  // /missing/ 404s for train labels, /short/ cuts the body (content-length honest), /cut/ lies about the length.
  beforeAll(async () => {
    server = createServer((req, res) => {
      const [, mode, file] = (req.url ?? '').split('/');
      hits.push(`${mode}/${file}`);
      const src = mode === 'wrong' ? 'fashion-mnist' : 'mnist';
      const path = join(datasetsDir, src, file ?? '');
      if (!existsSync(path) || (mode === 'missing' && file?.startsWith('train-labels'))) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const body = readFileSync(path);
      if (mode === 'short' && file?.startsWith('t10k-labels')) {
        const half = body.subarray(0, body.length >> 1);
        res.writeHead(200, { 'content-length': half.length }).end(half);
      } else if (mode === 'cut' && file?.startsWith('t10k-labels')) {
        res.writeHead(200, { 'content-length': body.length });
        res.write(body.subarray(0, 1000), () => res.destroy());
      } else {
        res.writeHead(200, { 'content-length': body.length }).end(body);
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  test('downloads, verifies, caches atomically and then loads from the cache', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'tf-mnist-'));
    const first = await mnist.load({ cacheDir, baseUrl: `${base}/good` });
    expect(first.test.labels.shape).toEqual([10000]);
    expect(readdirSync(join(cacheDir, 'mnist')).sort()).toEqual([
      't10k-images-idx3-ubyte.gz',
      't10k-labels-idx1-ubyte.gz',
      'train-images-idx3-ubyte.gz',
      'train-labels-idx1-ubyte.gz',
    ]);
    const before = hits.length;
    const again = await mnist.load({ cacheDir, baseUrl: `${base}/good` });
    expect(hits.length).toBe(before); // served from the cache
    expect(Array.from(again.test.labels.values.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
    process.env['TENSORFORGE_DATASETS'] = cacheDir;
    try {
      expect((await mnist.load({ offline: true })).train.images.shape).toEqual([60000, 28, 28]);
    } finally {
      delete process.env['TENSORFORGE_DATASETS'];
    }
  });

  test('checksum mismatch writes nothing to the cache', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'tf-mnist-'));
    await expect(mnist.load({ cacheDir, baseUrl: `${base}/wrong` })).rejects.toThrow(
      /datasets.mnist: checksum mismatch for .*\/wrong\/t10k-(images|labels)-idx\d-ubyte.gz: expected SHA-256 [0-9a-f]{64} of the decompressed content, got [0-9a-f]{64}/,
    );
    const dir = join(cacheDir, 'mnist');
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });

  test('HTTP 404 names the URL and status', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'tf-mnist-'));
    await expect(mnist.load({ cacheDir, baseUrl: `${base}/missing` })).rejects.toThrow(
      /download of .*\/missing\/train-labels-idx1-ubyte.gz failed with HTTP 404/,
    );
  });

  test('truncated downloads are rejected and not cached', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'tf-mnist-'));
    await expect(mnist.load({ cacheDir, baseUrl: `${base}/short` })).rejects.toThrow(/t10k-labels-idx1-ubyte.gz: the gzip data is corrupt or truncated/);
    await expect(mnist.load({ cacheDir, baseUrl: `${base}/cut` })).rejects.toThrow(/t10k-labels-idx1-ubyte.gz (is truncated|failed)/);
    expect(existsSync(join(cacheDir, 'mnist', 't10k-labels-idx1-ubyte.gz'))).toBe(false);
    expect(readdirSync(join(cacheDir, 'mnist')).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  test('offline without files fails clearly', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'tf-mnist-'));
    await expect(mnist.load({ cacheDir, offline: true })).rejects.toThrow(/not in the cache .* and offline is set/);
  });
});
