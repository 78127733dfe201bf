// Loads the C++ addon when it was built and registers the 'native' backend (see native/, docs/NATIVE.md).
// Without the addon nothing is registered, the 'ts' backend stays the default, and one line says how to build it.
import '../../ops/index.js';
import { registerBackend, setBackendSync } from '../../core/kernel-registry.js';
import { native, warnOnce } from './addon.js';
import { registerCollective } from './collective.js';
import { registerCompare } from './compare.js';
import { registerElementwise } from './elementwise.js';
import { registerFused } from './fused.js';
import { registerMatMul } from './matmul.js';
import { registerMixed } from './mixed.js';
import { registerNN } from './nn.js';
import { registerOptim } from './optim.js';
import { registerReductions } from './reduction.js';
import { registerRnn } from './rnn.js';

if (native) {
  // The addon names its element-wise, comparison, reduction, cast, activation and pool kernels (native/src/ops.def).
  const list = native.ops();
  registerMatMul(native);
  registerElementwise(native, list);
  registerCompare(native, list);
  registerReductions(native, list);
  registerNN(native, list);
  registerOptim(native);
  registerRnn(native);
  registerFused(native, list);
  registerMixed(native);
  registerBackend({ name: 'native', priority: 2 });
}

registerCollective();

// TENSORFORGE_BACKEND=ts|native forces the default backend.
const forced = process.env['TENSORFORGE_BACKEND'];
if (forced === 'ts' || forced === 'native') setBackendSync(forced);
warnOnce();

export { native, loadError } from './addon.js';
export { opListMismatches } from './op-list.js';
export type { NativeOpList } from './op-list.js';
export type { NativeAddon, NativeInfo } from './addon.js';
