// The collective operations data-parallel training needs (sum-allreduce, broadcast, barrier), as an interface
// the native collective addon implements (src/backends/native/collective.ts registers it). The models row uses
// only this interface, so nothing above `core` depends on MPI being installed.
import type { TypedArray } from './dtype.js';
import { ConfigError } from './errors.js';

/** One process's handle on the group of ranks that train together. */
export interface Collective {
  /** This process's index, 0..size-1; rank 0 is the chief (it writes checkpoints and logs). */
  readonly rank: number;
  /** Number of ranks. */
  readonly size: number;
  /** Which library carries the messages ('Open MPI', or 'local' for a single process). */
  readonly library: string;
  /** Replaces `buf` on every rank by the element-wise sum over all ranks. */
  allreduceSum(buf: Float32Array): void;
  /** Replaces the bytes of `buf` on every rank by those of rank `root`. */
  broadcast(buf: TypedArray, root: number): void;
  /** Returns when every rank has called it. */
  barrier(): void;
}

/** How the collective of this process is obtained (set by the native backend): why it is unavailable ('' when it
 * is available), and how to join the group. */
export interface CollectiveLoader {
  why(): string;
  join(timeoutMs: number): Collective;
}

/** True when this process was started by a launcher of several ranks (mpirun sets these). */
export function launchedAsRank(): boolean {
  return process.env['OMPI_COMM_WORLD_SIZE'] !== undefined || process.env['PMIX_RANK'] !== undefined;
}

/** The fix printed when the collective library is missing. */
export const INSTALL_HINT =
  'Install Open MPI (Debian/Ubuntu: `apt-get install libopenmpi-dev openmpi-bin`), then rebuild the addon ' +
  '(`npm rebuild tensorforge`), and start the ranks with `tforge train --workers N` or `mpirun -np N`.';

let loader: CollectiveLoader | null = null;
let joined: Collective | null = null;

/** Registers how to join the group (the native backend does this at import). */
export function setCollectiveLoader(l: CollectiveLoader | null): void {
  loader = l;
}

/** Whether a multi-rank collective can be used in this process, and if not, why. */
export function collectiveAvailability(): { available: boolean; reason: string } {
  const reason = loader ? loader.why() : 'the native backend is not loaded';
  return { available: reason === '', reason };
}

const LOCAL: Collective = {
  rank: 0,
  size: 1,
  library: 'local',
  allreduceSum: () => undefined,
  broadcast: () => undefined,
  barrier: () => undefined,
};

/**
 * This process's collective: the group mpirun started it in, or a single local rank when it was started on its
 * own. Joining happens once per process; later calls return the same group.
 * @example const c = joinCollective(300_000); console.log(`rank ${c.rank} of ${c.size}`);
 */
export function joinCollective(timeoutMs: number): Collective {
  if (joined) return joined;
  if (!launchedAsRank()) return LOCAL;
  const { available, reason } = collectiveAvailability();
  if (!available || !loader) {
    throw new ConfigError(`distribute: this process was started as one of several ranks, but the collective library is unavailable (${reason}). ${INSTALL_HINT}`);
  }
  joined = loader.join(timeoutMs);
  return joined;
}
