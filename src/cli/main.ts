#!/usr/bin/env node
// The `tforge` executable (package.json "bin"). Importing the library registers the kernels.
import '../index.js';
import { TensorforgeError } from '../core/errors.js';
import { buildProgram } from './program.js';

buildProgram()
  .parseAsync(process.argv)
  .catch((e: unknown) => {
    if (e instanceof TensorforgeError) {
      process.stderr.write(`tforge: ${e.message}\n`);
    } else {
      process.stderr.write(`tforge: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    }
    process.exitCode = 1;
  });
