import { registerBackend } from '../../backend/registry.js';
import './arithmetic.js';
import './reduction.js';
import './matmul.js';

registerBackend({ name: 'ts', priority: 1 });
