// Reading the PyTorch golden files in test/golden (each written by the make-*.py script beside it).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A tensor as the Python scripts store it. */
export interface Stored {
  shape: number[];
  values: number[];
}

/** One expression of an op-level golden file: its inputs, its value and the gradients of sum(value · w). */
export interface GoldenCase {
  name: string;
  inputs: Stored[];
  value: Stored;
  grads?: Stored[];
}

/** Parses `test/golden/<name>`. */
export function readGolden<T>(name: string): T {
  return JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), name), 'utf8')) as T;
}
