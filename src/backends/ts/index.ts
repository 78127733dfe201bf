import { registerBackend } from '../../backend/registry.js';
import './arithmetic.js';
import './reduction.js';
import './matmul.js';
import './elementwise-math.js';
import './compare.js';
import './activations.js';
import './reduction-extra.js';
import './shape-ops.js';
import './linalg.js';
import './conv.js';
import './pool.js';
import './nn.js';

registerBackend({ name: 'ts', priority: 1 });
