import type { Tensor } from './tensor.js';

/**
 * Runs `fn` and returns its result. Kept for TF.js compatibility: CPU tensors are reclaimed by the garbage
 * collector, so there is nothing to clean up.
 * @example const y = tidy(() => x.square().sum());
 */
export function tidy<T>(nameOrFn: string | (() => T), fn?: () => T): T {
  const f = typeof nameOrFn === 'function' ? nameOrFn : fn;
  if (!f) throw new TypeError('tidy: expected a function to run.');
  return f();
}

type Disposable = Tensor | { dispose(): void } | Disposable[] | Record<string, unknown> | null | undefined;

/** Marks tensors as disposed (a harmless no-op kept for TF.js compatibility). @example dispose([a, b]); */
export function dispose(container: Disposable): void {
  if (!container) return;
  if (Array.isArray(container)) for (const c of container) dispose(c as Disposable);
  else if (typeof (container as { dispose?: unknown }).dispose === 'function') (container as { dispose(): void }).dispose();
}

/** Returns `t` unchanged (TF.js compatibility: tensors outlive `tidy` anyway). @example keep(t); */
export function keep<T extends Tensor>(t: T): T {
  return t;
}

/** Memory statistics in TF.js's shape; the garbage collector owns tensor memory, so counts are not tracked. */
export function memory(): { numTensors: number; numDataBuffers: number; numBytes: number; unreliable: boolean; reasons: string[] } {
  return {
    numTensors: 0,
    numDataBuffers: 0,
    numBytes: process.memoryUsage().arrayBuffers,
    unreliable: true,
    reasons: ['Tensors are reclaimed by the garbage collector; numBytes is the process ArrayBuffer total.'],
  };
}
