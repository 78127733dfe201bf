// Loads the compiled addon (build/Release/tensorforge_native.node, built by `npm install` through
// scripts/build-native.mjs). When it is missing or fails to load, the library keeps running on the TypeScript
// backend and says so once, unless TENSORFORGE_QUIET is set or TENSORFORGE_BACKEND=ts asks for that backend.
// TENSORFORGE_NATIVE=0 skips loading it altogether; TENSORFORGE_NATIVE_ADDON=<file> loads another build of it (the
// ThreadSanitizer build of scripts/native-tsan.mjs).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NativeOpList } from './op-list.js';

/** Information the addon reports about itself. */
export interface NativeInfo {
  /** Kernel set in use: 'avx512', 'avx2' or 'base'. */
  isa: string;
  /** Best kernel set this CPU supports. */
  cpuIsa: string;
  /** Size of the thread pool (the calling thread included). */
  threads: number;
  /** GEMM register tile, rows x columns. */
  gemmTile: string;
}

/** The functions exported by native/src/addon.cc and addon_nn.cc (argument order documented there). */
export interface NativeAddon {
  info(): NativeInfo;
  setNumThreads(n: number): void;
  /** Switches the kernel set ('avx512' | 'avx2' | 'base'); false when this CPU cannot run it. */
  setIsa(isa: string): boolean;
  /** The op list of native/src/ops.def by TF.js name; an op's position in its family is its code in the calls below. */
  ops(): NativeOpList;
  matmul(
    a: Float32Array, b: Float32Array, out: Float32Array, m: number, n: number, k: number, transA: boolean, transB: boolean,
    batch: number, aIndex: Int32Array | null, bIndex: Int32Array | null, aMats: number, bMats: number,
  ): void;
  dense(
    x: Float32Array, w: Float32Array, bias: Float32Array | null, out: Float32Array, m: number, n: number, k: number,
    transB: boolean, act: number,
  ): void;
  binary(op: number, a: Float32Array, b: Float32Array, out: Float32Array, geom: Float64Array): void;
  compare(op: number, a: Float32Array, b: Float32Array, out: Uint8Array, geom: Float64Array): void;
  cast(kind: number, x: Uint8Array | Int32Array | Float32Array, out: Uint8Array | Int32Array | Float32Array): void;
  select(cond: Uint8Array, a: Float32Array, b: Float32Array, out: Float32Array): void;
  unary(op: number, x: Float32Array, out: Float32Array, p1: number, p2: number): void;
  reduce(op: number, x: Float32Array, out: Float32Array, outer: number, reduce: number, inner: number): void;
  softmax(x: Float32Array, out: Float32Array, rows: number, cols: number, log: boolean): void;
  actGrad(act: number, dy: Float32Array, y: Float32Array, dx: Float32Array): void;
  softmaxXent(logits: Float32Array, labels: Float32Array, loss: Float32Array, grad: Float32Array | null, rows: number, cols: number): void;
  sparseXent(logits: Float32Array, labels: Int32Array, loss: Float32Array, rows: number, cols: number): void;
  /** y = act(conv(x, w) + bias); act is a code of `ops().activation`. */
  conv2d(x: Float32Array, w: Float32Array, y: Float32Array, geom: Float64Array, bias: Float32Array | null, act: number): void;
  conv2dBackpropInput(dy: Float32Array, w: Float32Array, dx: Float32Array, geom: Float64Array): void;
  conv2dBackpropFilter(x: Float32Array, dy: Float32Array, dw: Float32Array, geom: Float64Array): void;
  pool(op: number, x: Float32Array, y: Float32Array, geom: Float64Array): void;
  poolGrad(op: number, x: Float32Array, dy: Float32Array, dx: Float32Array, geom: Float64Array): void;
  sgd(p: Float32Array, g: Float32Array, po: Float32Array, lr: number): void;
  momentum(
    p: Float32Array, g: Float32Array, acc: Float32Array, po: Float32Array, acco: Float32Array, lr: number, momentum: number,
    nesterov: boolean, kerasForm: boolean,
  ): void;
  adam(
    p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, po: Float32Array, mo: Float32Array, vo: Float32Array,
    lrT: number, beta1: number, beta2: number, eps: number, lrWd: number,
  ): void;
  rmsprop(
    p: Float32Array, g: Float32Array, ms: Float32Array, mom: Float32Array, mg: Float32Array, po: Float32Array, mso: Float32Array,
    momo: Float32Array, mgo: Float32Array, lr: number, rho: number, momentum: number, eps: number, centered: boolean,
  ): void;
  adagrad(p: Float32Array, g: Float32Array, acc: Float32Array, po: Float32Array, acco: Float32Array, lr: number, eps: number): void;
  lstmSequence(
    x: Float32Array, u: Float32Array, h0: Float32Array, c0: Float32Array, mask: Float32Array, hs: Float32Array, hT: Float32Array,
    cT: Float32Array, gates: Float32Array, cs: Float32Array, batch: number, steps: number, units: number, hard: boolean,
  ): void;
  lstmSequenceGrad(
    u: Float32Array, h0: Float32Array, c0: Float32Array, mask: Float32Array, hs: Float32Array, cs: Float32Array, gates: Float32Array,
    dhs: Float32Array, dhT: Float32Array, dcT: Float32Array, dx: Float32Array, du: Float32Array, dh0: Float32Array, dc0: Float32Array,
    batch: number, steps: number, units: number, hard: boolean,
  ): void;
  gatherRows(table: Float32Array, rows: number, cols: number, idx: Int32Array, out: Float32Array): void;
  scatterAddRows(src: Float32Array, cols: number, idx: Int32Array, out: Float32Array, rows: number): void;
  /** float32 -> bfloat16 bits (round to nearest even) and back (native/src/bf16.h). */
  castToBf16(x: Float32Array, out: Uint16Array): void;
  castFromBf16(x: Uint16Array, out: Float32Array): void;
  /** `batch` products op(a)[m x k] · op(b)[k x n] of bfloat16 matrices into float32. */
  matmulBf16(a: Uint16Array, b: Uint16Array, out: Float32Array, m: number, n: number, k: number, transA: boolean, transB: boolean, batch: number): void;
  conv2dBf16(x: Uint16Array, w: Uint16Array, y: Float32Array, geom: Float64Array): void;
  conv2dBackpropInputBf16(dy: Uint16Array, w: Uint16Array, dx: Float32Array, geom: Float64Array): void;
  conv2dBackpropFilterBf16(x: Uint16Array, dy: Uint16Array, dw: Float32Array, geom: Float64Array): void;
  /** The bf16 kernel in use and whether the CPU has AVX512_BF16. */
  bf16Info(): { kernel: string; cpuHasAvx512Bf16: boolean };
  /** Switches the bf16 kernel ('avx512bf16' | 'widen'); false when this CPU cannot run it. */
  setBf16Kernel(kernel: string): boolean;
  /** Thread-pool self-test (native/src/pool_check.cc): runs `jobs` small parallel jobs and counts failures. */
  poolCheck(jobs: number, seed: number): PoolCheckResult;
}

/** What `poolCheck` counted: items run other than exactly once, the jobs they were in, chunks run too late. */
export interface PoolCheckResult {
  jobs: number;
  wrongItems: number;
  wrongJobs: number;
  lateChunks: number;
}

/** Why the addon is not available, or null when it loaded. */
export let loadError: string | null = null;

function packageRoot(): string {
  // src/backends/native/addon.ts and dist/backends/native/addon.js both sit three levels below the root.
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
}

function load(): NativeAddon | null {
  if (process.env['TENSORFORGE_NATIVE'] === '0') {
    loadError = 'disabled by TENSORFORGE_NATIVE=0';
    return null;
  }
  const file = process.env['TENSORFORGE_NATIVE_ADDON'] || join(packageRoot(), 'build', 'Release', 'tensorforge_native.node');
  if (!existsSync(file)) {
    loadError = 'the addon was not built';
    return null;
  }
  try {
    const mod: NativeAddon = createRequire(import.meta.url)(file);
    mod.info();
    return mod;
  } catch (e) {
    loadError = `the addon failed to load: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
    return null;
  }
}

/** The loaded addon, or null (then every op runs on the TypeScript backend). */
export const native: NativeAddon | null = load();

let warned = false;

/** Prints the one-line hint about building the native backend (once per process). */
export function warnOnce(): void {
  if (warned || native || process.env['TENSORFORGE_QUIET'] || process.env['TENSORFORGE_BACKEND'] === 'ts') return;
  warned = true;
  // npm 11 can skip dependencies' install scripts until they are approved; then the addon was never built.
  const fix =
    loadError === 'the addon was not built'
      ? 'If npm skipped install scripts, approve them: `npm install-scripts approve tensorforge`. If the build failed, ' +
        'install a C++17 compiler (g++ or clang) and python3.'
      : 'Install a C++17 compiler (g++ or clang) and python3.';
  console.warn(
    `tensorforge: native CPU backend unavailable (${loadError ?? 'unknown reason'}); using the TypeScript backend. ` +
      `${fix} Then run \`npm rebuild tensorforge\` (see docs/NATIVE.md).`,
  );
}
