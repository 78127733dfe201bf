// The `tf.distribute` namespace: data-parallel training over the ranks of an mpirun job (docs/DISTRIBUTED.md).
export { DataParallelStrategy, MultiWorkerMirroredStrategy, dataParallel, currentStrategy } from './models/data-parallel.js';
export type { DataParallelConfig } from './models/data-parallel.js';
export { collectiveAvailability, launchedAsRank, INSTALL_HINT } from './core/collective.js';
export type { Collective } from './core/collective.js';
