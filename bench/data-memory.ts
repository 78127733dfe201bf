// Memory benchmark for streaming CSV datasets: writes a generated CSV of the requested size to os.tmpdir(), then
// iterates `csv -> map -> batch` over it, sampling heap and RSS after forced GCs. Memory must stay flat: the
// growth after warm-up is compared with a bound far below the file size.
// Run: node --expose-gc --import tsx bench/data-memory.ts --mb 2048   (prints one JSON line; exit 1 when over bound)
// Flags: --mb N (file size), --keep (keep the generated file for the next run), --hold (self-check, must fail).
import { createWriteStream, existsSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { csv } from '../src/data/index.js';
import type { Tensor } from '../src/tensor/tensor.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const megabytes = arg('mb', 50);
const keep = process.argv.includes('--keep');
// Self-check of the measurement: --hold keeps every element alive, which must break the bound.
const hold = process.argv.includes('--hold');
const held: unknown[] = [];
const FEATURES = 16;
const MB = 1024 * 1024;

/** Writes rows of FEATURES deterministic numbers plus a 0/1 label until the file reaches `bytes`. */
async function writeCsv(path: string, bytes: number): Promise<number> {
  const out = createWriteStream(path);
  out.write(['label', ...Array.from({ length: FEATURES }, (_, j) => `f${j}`)].join(',') + '\n');
  let written = 0;
  let rows = 0;
  let seed = 12345;
  const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  // One block of 1000 random rows, written repeatedly: generation stays cheap next to the parsing measured.
  let block = '';
  for (let k = 0; k < 1000; k++) {
    const vals = Array.from({ length: FEATURES }, () => (rnd() * 1000 - 500).toFixed(3));
    block += `${k % 2},${vals.join(',')}\n`;
  }
  while (written < bytes) {
    written += block.length;
    rows += 1000;
    if (!out.write(block)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return rows;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('Run with node --expose-gc (e.g. node --expose-gc --import tsx bench/data-memory.ts).');
  process.exit(2);
}

const path = join(tmpdir(), `tensorforge-data-memory-${megabytes}mb.csv`);
let rows: number | null = null;
if (!existsSync(path) || statSync(path).size < megabytes * MB) rows = await writeCsv(path, megabytes * MB);
const fileBytes = statSync(path).size;
const t0 = performance.now();

const ds = csv(path, { columnConfigs: { label: { isLabel: true } } })
  .map((e) => {
    const { xs, ys } = e as { xs: Record<string, number>; ys: Record<string, number> };
    return { xs: Object.values(xs), ys: ys['label'] as number };
  })
  .batch(256);

let seen = 0;
let batches = 0;
let baseline: { heap: number; rss: number } | null = null;
let peakHeap = 0;
let peakRss = 0;
const warmup = 50;
for await (const b of ds) {
  seen += (b.xs as Tensor).shape[0] as number;
  if (hold) held.push(b);
  batches++;
  if (batches === warmup) {
    gc();
    const m = process.memoryUsage();
    baseline = { heap: m.heapUsed + m.arrayBuffers, rss: m.rss };
  } else if (batches > warmup && batches % 100 === 0) {
    gc();
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed + m.arrayBuffers); // tensors live in ArrayBuffers, outside the JS heap
    peakRss = Math.max(peakRss, m.rss);
  }
}
const seconds = (performance.now() - t0) / 1000;
if (!keep && rows !== null) unlinkSync(path);

const heapGrowth = baseline ? Math.max(0, peakHeap - baseline.heap) : 0;
const rssGrowth = baseline ? Math.max(0, peakRss - baseline.rss) : 0;
// Flat memory: growth may not scale with the file. Bounds: heap + ArrayBuffers 1/6 of the file (capped at 32 MB), RSS 64 MB + 1/16.
const heapBound = Math.min(32 * MB, fileBytes / 6);
const rssBound = 64 * MB + Math.min(64 * MB, fileBytes / 16);
const result = {
  fileMB: +(fileBytes / MB).toFixed(1),
  rows: seen,
  expectedRows: rows,
  batches,
  seconds: +seconds.toFixed(2),
  heapBaselineMB: baseline ? +(baseline.heap / MB).toFixed(1) : null,
  heapGrowthMB: +(heapGrowth / MB).toFixed(2),
  heapBoundMB: +(heapBound / MB).toFixed(1),
  rssGrowthMB: +(rssGrowth / MB).toFixed(2),
  rssBoundMB: +(rssBound / MB).toFixed(1),
  held: held.length,
  ok: heapGrowth < heapBound && rssGrowth < rssBound && (rows === null || seen === rows),
};
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
