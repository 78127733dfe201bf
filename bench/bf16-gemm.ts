// bf16 GEMM against the float32 GEMM in one process (bench/run.ts workload bf16-gemm, engine tforge-native):
// 1024^3 with bf16 inputs and float32 accumulation on the AVX512_BF16 kernel (where the CPU has it) and on the
// float32-widening path, then the float32 matMul; calls are interleaved and the median of each is kept.
//   tsx bench/bf16-gemm.ts <quick 0|1>
import { pathToFileURL, fileURLToPath } from 'node:url';
import { dirname, extname, join } from 'node:path';

const quick = process.argv[2] === '1';
const entry = process.env['TFORGE_BENCH_LIBRARY'] ?? fileURLToPath(new URL('../src/index.ts', import.meta.url));
const tf = (await import(pathToFileURL(entry).href)) as typeof import('../src/index.js');
const { native } = (await import(pathToFileURL(join(dirname(entry), 'backends', 'native', `index${extname(entry)}`)).href)) as typeof import('../src/backends/native/index.js');

function result(r: object): void {
  console.log(`@@RESULT ${JSON.stringify(r)}`);
}

if (!native) {
  result({ status: 'error', note: 'the native addon is not built' });
} else {
  const n = 1024;
  const a = tf.randomUniform([n, n], -0.5, 0.5, 'float32', 1), b = tf.randomUniform([n, n], -0.5, 0.5, 'float32', 2);
  const a16 = tf.cast(a, 'bfloat16'), b16 = tf.cast(b, 'bfloat16');
  const kernels = ['avx512bf16', 'widen'].filter((k) => native.setBf16Kernel(k));
  const variants: Record<string, () => void> = { float32: () => void tf.matMul(a, b) };
  for (const k of kernels) variants[k] = () => {
    native.setBf16Kernel(k);
    void tf.mixedMatMul(a16, b16);
  };
  const times: Record<string, number[]> = {};
  for (const f of Object.values(variants)) f();
  const end = performance.now() + (quick ? 3000 : 8000);
  while (performance.now() < end || (times['float32']?.length ?? 0) < 3) {
    for (const [name, f] of Object.entries(variants)) {
      const t0 = performance.now();
      f();
      (times[name] ??= []).push(performance.now() - t0);
    }
  }
  const gflops = (name: string): number => {
    const t = [...(times[name] ?? [])].sort((x, y) => x - y);
    return (2 * n ** 3) / ((t[Math.floor(t.length / 2)] ?? NaN) / 1000) / 1e9;
  };
  const best = kernels[0] ?? 'widen';
  const detail: Record<string, number | string> = { shape: '1024x1024x1024', kernel: best, threads: native.info().threads, reps: times['float32']?.length ?? 0 };
  for (const name of Object.keys(variants)) detail[`${name}GFLOPs`] = Number(gflops(name).toFixed(1));
  detail['bf16VsFloat32'] = Number((gflops(best) / gflops('float32')).toFixed(2));
  result({ status: 'ok', value: gflops(best), unit: 'GFLOP/s', lowerIsBetter: false, detail });
}
