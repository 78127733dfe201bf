// bfloat16 kernels (native/src/bf16_*.cc) against the TypeScript reference on the same bf16 inputs, for every bf16
// kernel this CPU runs (AVX512_BF16 vdpbf16ps where cpuid reports it, and the float32-widening path always)
// crossed with every float32 ISA (the widening path runs the float32 GEMM of the active ISA). Also against
// float32 products of the unrounded inputs, with bf16's tolerance (8 mantissa bits: relative error 2^-8 per input).
import { expect, test } from 'vitest';
import * as tf from '../../../src/index.js';
import { native } from '../../../src/backends/native/index.js';
import { expectClose, runOn } from '../../helpers/grad-check.js';
import { hasKernel } from '../../../src/core/kernel-registry.js';
import { covered, isas, nativeDescribe, rnd } from '../parity.js';

// Loaded by test/native/parity.test.ts: the cases below cover these native kernels.
const MIXED_OPS = ['MixedMatMul', 'MixedConv2D', 'MixedConv2DBackpropInput', 'MixedConv2DBackpropFilter'];
for (const op of MIXED_OPS) covered.add(op);

const info = native?.bf16Info();
const bf16Kernels = native ? ['avx512bf16', 'widen'].filter((k) => native?.setBf16Kernel(k) === true) : [];
if (info) native?.setBf16Kernel(info.kernel);

const b16 = (t: tf.Tensor): tf.Tensor => tf.cast(t, 'bfloat16');
const f32 = (t: tf.Tensor): tf.Tensor => tf.cast(t, 'float32');

/** Every (bf16 kernel, float32 ISA) pair this CPU runs; AVX512_BF16 does not use the float32 table, so once. */
const combos: { kernel: string; isa: string; label: string }[] = bf16Kernels.flatMap((kernel) =>
  kernel === 'widen' ? isas.map((isa) => ({ kernel, isa, label: `widen over ${isa}` })) : [{ kernel, isa: isas[0] ?? 'base', label: kernel }],
);

function each(fn: (c: { kernel: string; isa: string; label: string }) => void): void {
  for (const c of combos) fn(c);
}

function withKernels<T>(c: { kernel: string; isa: string }, fn: () => T): T {
  native?.setBf16Kernel(c.kernel);
  native?.setIsa(c.isa);
  try {
    return fn();
  } finally {
    native?.setIsa(native.info().cpuIsa);
    if (info) native?.setBf16Kernel(info.kernel);
  }
}

nativeDescribe('bfloat16 kernels match the reference', () => {
  test('the mixed ops run on native kernels (so the cases below do not compare the reference with itself)', () => {
    for (const op of MIXED_OPS) expect(hasKernel(op, 'native'), op).toBe(true);
  });

  test('this CPU reports AVX512_BF16 when /proc/cpuinfo lists avx512_bf16, and then uses it by default', async () => {
    const { readFileSync } = await import('node:fs');
    const listed = /\bavx512_bf16\b/.test(readFileSync('/proc/cpuinfo', 'utf8'));
    expect(info?.cpuHasAvx512Bf16).toBe(listed);
    if (listed && !process.env['TENSORFORGE_BF16'] && !process.env['TENSORFORGE_ISA']) expect(info?.kernel).toBe('avx512bf16');
    expect(bf16Kernels).toContain('widen');
  });

  test('casts round to nearest even and keep NaN and infinities', () => {
    const x = tf.tensor([1, 1.00390625, 1.005859375, -3.14159, NaN, Infinity, -Infinity, 3.4e38, 0, -0]);
    const native16 = runOn('native', () => b16(x));
    const ts16 = runOn('ts', () => b16(x));
    expect(Array.from(native16.values)).toEqual(Array.from(ts16.values));
    expect(Array.from(runOn('native', () => f32(native16)).dataSync())).toEqual([1, 1, 1.0078125, -3.140625, NaN, Infinity, -Infinity, Infinity, 0, -0]);
  });

  const shapes: [number, number, number, boolean, boolean][] = [
    [0, 3, 4, false, false], [1, 1, 1, false, false], [13, 37, 19, false, false], [64, 128, 784, false, false],
    [5, 7, 3, true, false], [33, 65, 17, false, true], [20, 30, 41, true, true],
  ];
  test('both paths are exercised on an AVX512_BF16 machine', () => {
    if (info?.cpuHasAvx512Bf16) expect(combos.map((c) => c.label)).toContain('avx512bf16');
    expect(combos.some((c) => c.kernel === 'widen')).toBe(true);
  });

  each((c) => {
    const label = c.label;
    for (const [m, n, k, ta, tb] of shapes) {
      test(`mixedMatMul ${m}x${n}x${k} ta=${ta} tb=${tb} on ${label}`, () => {
        const a = rnd(ta ? [k, m] : [m, k], 1 + m), b = rnd(tb ? [n, k] : [k, n], 2 + n);
        const got = withKernels(c, () => runOn('native', () => tf.mixedMatMul(b16(a), b16(b), ta, tb)));
        expect(got.dtype).toBe('float32');
        expectClose(got, runOn('ts', () => tf.mixedMatMul(b16(a), b16(b), ta, tb)), 1e-4);
        // Against float32 on the unrounded inputs: each input carries up to 2^-9 relative rounding error.
        const exact = runOn('ts', () => tf.matMul(a, b, ta, tb));
        const bound = 3 * Math.sqrt(Math.max(k, 1)) * 2 ** -8;
        const e = exact.dataSync(), g = got.dataSync();
        for (let i = 0; i < e.length; i++) expect(Math.abs((g[i] as number) - (e[i] as number))).toBeLessThan(bound);
      });
    }
    for (const [pad, strides] of [['valid', 1], ['same', 2]] as const) {
      test(`mixedConv2d and its gradients (${pad}, stride ${strides}) on ${label}`, () => {
        const x = rnd([3, 9, 8, 3], 11), w = rnd([3, 3, 3, 5], 12);
        const loss = (xx: tf.Tensor, ww: tf.Tensor) => tf.mixedConv2d(xx, ww, strides, pad).mul(rnd([3, pad === 'valid' ? 7 : 5, pad === 'valid' ? 6 : 4, 5], 13)).sum();
        const run = () => {
          const y = tf.mixedConv2d(b16(x), b16(w), strides, pad);
          const g = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => loss(b16(xx), b16(ww)))([x, w]);
          return [y, ...g];
        };
        const got = withKernels(c, () => runOn('native', run));
        const ref = runOn('ts', run);
        got.forEach((t, i) => expectClose(t, ref[i] as tf.Tensor, 2e-3));
        // Close to the float32 convolution: bf16's relative precision over 27-tap sums.
        expectClose(got[0] as tf.Tensor, runOn('ts', () => tf.conv2d(x, w, strides, pad)), 0.06);
      });
    }
  });
});
