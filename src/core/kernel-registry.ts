import type { DataType, TypedArray } from './dtype.js';
import { ConfigError } from './errors.js';

/** What a kernel sees of a tensor: contiguous row-major values with a shape and dtype. */
export interface TensorData {
  readonly shape: readonly number[];
  readonly dtype: DataType;
  readonly size: number;
  readonly values: TypedArray;
  /** complex64 only: the imaginary parts (`values` holds the real parts). Kernels see it only under a 'kernel' policy. */
  readonly imag?: Float32Array | undefined;
  /** string only: the UTF-8 table that `values` indexes. */
  readonly strings?: readonly Uint8Array[] | undefined;
}

/** The part of an op declaration that kernels are typed from. `A` is carried only as a type. */
export interface KernelOp<I extends string, A> {
  readonly name: string;
  readonly inputs: readonly I[];
  /** Phantom field: never set, only gives kernels their attrs type. */
  readonly attrsType?: A;
}

/** A kernel writes the op's outputs, which the engine allocated from the op's shape rule. */
export type KernelFn<I extends string, A> = (inputs: Readonly<Record<I, TensorData>>, attrs: A, outputs: TensorData[]) => void;

/** Options of a registered kernel. */
export interface KernelOptions<I extends string, A> {
  /** Returns false when this kernel cannot handle these inputs (e.g. a float32-only native kernel given float64); the engine then uses the 'ts' kernel. */
  accepts?: (inputs: Readonly<Record<I, TensorData>>, attrs: A) => boolean;
}

interface KernelEntry {
  fn: KernelFn<string, unknown>;
  accepts: ((inputs: Readonly<Record<string, TensorData>>, attrs: unknown) => boolean) | undefined;
}

// Op name -> backend -> kernel. Two lookups on interned strings: no key is built per call.
const kernels = new Map<string, Map<string, KernelEntry>>();

/** Registers `fn` as `op`'s kernel on `backend`. The inputs and attrs types come from the op declaration. */
export function registerKernel<I extends string, A>(
  op: KernelOp<I, A>,
  backend: string,
  fn: KernelFn<I, A>,
  options: KernelOptions<I, A> = {},
): void {
  let byBackend = kernels.get(op.name);
  if (!byBackend) kernels.set(op.name, (byBackend = new Map()));
  byBackend.set(backend, { fn: fn as KernelFn<string, unknown>, accepts: options.accepts as KernelEntry['accepts'] });
}

/** The kernel for `opName` on `backend` that accepts these inputs, falling back to the 'ts' reference kernel. */
export function findKernel(
  opName: string,
  backend: string,
  inputs: Readonly<Record<string, TensorData>>,
  attrs: unknown,
): KernelFn<string, unknown> | undefined {
  const byBackend = kernels.get(opName);
  if (!byBackend) return undefined;
  const entry = byBackend.get(backend);
  if (entry && (!entry.accepts || entry.accepts(inputs, attrs))) return entry.fn;
  return byBackend.get('ts')?.fn;
}

/** True when `backend` has its own kernel for `opName`. */
export function hasKernel(opName: string, backend: string): boolean {
  return kernels.get(opName)?.has(backend) ?? false;
}

/** A registered backend. */
export interface BackendInfo {
  name: string;
  /** Higher wins when choosing the default and what 'cpu' means. */
  priority: number;
}

const backends = new Map<string, BackendInfo>();
let active: string | null = null;

/** Makes a backend selectable by name. */
export function registerBackend(info: BackendInfo): void {
  backends.set(info.name, info);
}

function best(): string {
  let chosen: BackendInfo | undefined;
  for (const b of backends.values()) if (!chosen || b.priority > chosen.priority) chosen = b;
  if (!chosen) throw new ConfigError('no backend is registered; import tensorforge from its package entry point.');
  return chosen.name;
}

/**
 * Selects the backend used by every op: 'ts' (pure TypeScript), 'native' (C++ addon), or 'cpu' (the best one present).
 * Returns false, and keeps the current backend, when the named one is not available.
 * @example setBackend('ts');
 */
export function setBackendSync(name: string): boolean {
  const resolved = name === 'cpu' ? best() : name;
  if (!backends.has(resolved)) return false;
  active = resolved;
  return true;
}

/** Name of the active backend ('native' when the addon loaded, else 'ts', unless changed). */
export function getBackend(): string {
  if (active === null) active = best();
  return active;
}

/** Names of every registered backend. */
export function listBackends(): string[] {
  return [...backends.keys()];
}
