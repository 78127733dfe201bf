// Latency and bandwidth of the collective's allreduce between ranks on this machine (docs/DISTRIBUTED.md's cost
// model): `mpirun -np 2 ... node --import tsx bench/allreduce-probe.ts`. Rank 0 prints the median time of a
// 1-float allreduce (latency) and of allreduces of 0.25-8 MiB, and the fitted alpha/beta of t = 2(N-1)a + 2(N-1)/N S/b.
import * as tf from '../src/index.js';

const s = tf.distribute.dataParallel();
const c = s.collective;
function median(bytes: number, reps: number): number {
  const buf = new Float32Array(Math.max(1, bytes / 4));
  const t: number[] = [];
  for (let i = 0; i < reps + 3; i++) {
    c.barrier();
    const t0 = performance.now();
    c.allreduceSum(buf);
    if (i >= 3) t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return (t[Math.floor(t.length / 2)] ?? NaN) / 1000;
}
const n = c.size;
const lat = median(4, 200);
const rows = [0.25, 1, 2.776, 8].map((mib) => ({ mib, seconds: median(mib * 1024 * 1024, 30) }));
const big = rows[rows.length - 1] as { mib: number; seconds: number };
// Ring model: t(S) = 2(N-1) alpha + 2(N-1)/N * S / beta.
const alpha = lat / (2 * (n - 1));
const beta = ((2 * (n - 1)) / n) * big.mib * 1024 * 1024 / (big.seconds - lat);
if (s.isChief) {
  console.log(JSON.stringify({ ranks: n, library: c.library, latencySeconds: lat, rows, alphaSeconds: alpha, betaBytesPerSecond: beta }, null, 1));
}
