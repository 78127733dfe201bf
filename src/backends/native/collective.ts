// Loads the collective addon (build/Release/tensorforge_collective.node, native/src/collective_mpi.cc) and
// registers it as the process's collective (src/core/collective.ts). The addon is built from
// collective_none.cc when Open MPI was missing at build time; then it reports itself unavailable.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Collective, setCollectiveLoader } from '../../core/collective.js';
import type { TypedArray } from '../../core/dtype.js';

/** The functions native/src/collective_mpi.cc exports. */
interface CollectiveAddon {
  available: boolean;
  reason?: string;
  library?: string;
  init(timeoutMs: number): { rank: number; size: number };
  allreduceSum(buf: Float32Array): void;
  broadcast(buf: TypedArray, root: number): void;
  barrier(): void;
  finalize(): void;
}

function load(): { addon: CollectiveAddon | null; reason: string } {
  const file = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'build', 'Release', 'tensorforge_collective.node');
  if (!existsSync(file)) return { addon: null, reason: 'the collective addon was not built' };
  try {
    const mod: CollectiveAddon = createRequire(import.meta.url)(file);
    if (!mod.available) return { addon: null, reason: mod.reason ?? 'the collective addon was built without Open MPI' };
    return { addon: mod, reason: '' };
  } catch (e) {
    return { addon: null, reason: `the collective addon failed to load: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
}

/**
 * Registers the MPI collective. The addon (and with it libmpi) is loaded only when a process joins a group or asks
 * whether it could, so processes that never train on several ranks never load it.
 */
export function registerCollective(): void {
  let loaded: { addon: CollectiveAddon | null; reason: string } | null = null;
  const get = (): { addon: CollectiveAddon | null; reason: string } => (loaded ??= load());
  setCollectiveLoader({
    why: () => get().reason,
    join: (timeoutMs): Collective => {
      const { addon, reason } = get();
      if (!addon) throw new Error(reason);
      const { rank, size } = addon.init(timeoutMs);
      // MPI_Finalize once the event loop is done, so that mpirun sees a clean exit. A rank that calls process.exit
      // skips it (beforeExit does not fire) and mpirun aborts the job, which is what the others need.
      process.once('beforeExit', () => addon.finalize());
      return {
        rank,
        size,
        library: addon.library ?? 'Open MPI',
        allreduceSum: (buf) => addon.allreduceSum(buf),
        broadcast: (buf, root) => addon.broadcast(buf, root),
        barrier: () => addon.barrier(),
      };
    },
  });
}
