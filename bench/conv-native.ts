// Times the native conv2d / backprop kernels and a square SGEMM on the bench's CNN shapes (no autograd, no JS ops).
// Usage: npx tsx bench/conv-native.ts [reps]
import { native } from '../src/backends/native/addon.js';

if (!native) throw new Error('native addon not built: run npm run build:native');
const addon = native;
// Codes are positions in the addon's own op list (native/src/ops.def).
const ops = addon.ops();
const code = (list: readonly string[], name: string): number => {
  const i = list.indexOf(name);
  if (i < 0) throw new Error(`the addon lists no '${name}'`);
  return i;
};
const LINEAR = code(ops.activation, 'linear');
const RELU_ACT = code(ops.activation, 'relu');
const MAX_POOL = code(ops.pool, 'max');
const RELU = code(ops.unary.map(([name]) => name), 'Relu');
const SUM = code(ops.reduce, 'Sum');
const reps = Number(process.argv[2] ?? 20);

type Shape = { name: string; n: number; h: number; w: number; c: number; oc: number; k: number };
const shapes: Shape[] = [
  { name: '28x28x1->32', n: 64, h: 28, w: 28, c: 1, oc: 32, k: 3 },
  { name: '5x5x64->64', n: 64, h: 5, w: 5, c: 64, oc: 64, k: 3 },
  { name: '13x13x32->64', n: 64, h: 13, w: 13, c: 32, oc: 64, k: 3 },
  { name: '11x11x64->64', n: 64, h: 11, w: 11, c: 64, oc: 64, k: 3 },
];

function rand(n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.random() - 0.5;
  return a;
}

function time(fn: () => void): number {
  fn();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < reps; i++) fn();
  return Number(process.hrtime.bigint() - t0) / 1e6 / reps;
}

for (const s of shapes) {
  const oh = s.h - s.k + 1, ow = s.w - s.k + 1;
  const geom = Float64Array.from([s.n, s.h, s.w, s.c, oh, ow, s.oc, s.k, s.k, 1, 1, 1, 1, 0, 0]);
  const x = rand(s.n * s.h * s.w * s.c), w = rand(s.k * s.k * s.c * s.oc), y = rand(s.n * oh * ow * s.oc);
  const dy = rand(y.length), dx = new Float32Array(x.length), dw = new Float32Array(w.length);
  const gflop = (2 * s.n * oh * ow * s.oc * s.k * s.k * s.c) / 1e9;
  const f = time(() => addon.conv2d(x, w, y, geom, null, LINEAR));
  const bi = time(() => addon.conv2dBackpropInput(dy, w, dx, geom));
  const bf = time(() => addon.conv2dBackpropFilter(x, dy, dw, geom));
  const g = (ms: number): string => `${ms.toFixed(2)} ms (${(gflop / ms * 1e3).toFixed(0)} GF/s)`;
  console.log(`${s.name.padEnd(14)} fwd ${g(f)}  bwdInput ${g(bi)}  bwdFilter ${g(bf)}`);
}

const n = 1024;
const a = rand(n * n), b = rand(n * n), c = new Float32Array(n * n);
const mm = time(() => addon.matmul(a, b, c, n, n, n, false, false, 1, null, null, 1, 1));
console.log(`sgemm ${n}^3 ${mm.toFixed(2)} ms (${((2 * n * n * n) / mm / 1e6).toFixed(0)} GF/s), threads=${process.env.TENSORFORGE_NUM_THREADS ?? 'default'}`);
const px = rand(64 * 26 * 26 * 32), py = new Float32Array(64 * 13 * 13 * 32), pdx = new Float32Array(px.length);
const pg = Float64Array.from([64, 26, 26, 32, 13, 13, 2, 2, 2, 2, 0, 0]);
const pf = time(() => addon.pool(MAX_POOL, px, py, pg));
const pb = time(() => addon.poolGrad(MAX_POOL, px, py, pdx, pg));
console.log(`maxpool 26x26x32 fwd ${pf.toFixed(2)} ms  grad ${pb.toFixed(2)} ms`);
const big = rand(64 * 26 * 26 * 32), big2 = rand(big.length), bigOut = new Float32Array(big.length);
const ag = time(() => addon.actGrad(RELU_ACT, big, big2, bigOut));
const un = time(() => addon.unary(RELU, big, bigOut, 0, 0));
console.log(`reluGrad 1.38M ${ag.toFixed(3)} ms (${((12 * big.length) / ag / 1e6).toFixed(1)} GB/s)  relu ${un.toFixed(3)} ms`);
const colSum = new Float32Array(32);
const rs = time(() => addon.reduce(SUM, big, colSum, 1, big.length / 32, 32));
console.log(`bias-grad sum [43264,32] -> [32] ${rs.toFixed(3)} ms`);
