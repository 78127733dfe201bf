import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { FormatError, ValueError } from '../core/errors.js';
import { decodePng, mnistPreprocess } from './png.js';

/** Rows of numbers read from a predict input (each row one example, flattened). */
export type Rows = number[][];

function flatNumbers(v: unknown, where: string): number[] {
  const out: number[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (typeof x === 'number' && Number.isFinite(x)) out.push(x);
    else throw new ValueError(`${where}: expected numbers, received ${JSON.stringify(x)}.`);
  };
  walk(v);
  return out;
}

/**
 * Splits parsed JSON into examples: a list of examples, one example (a flat list of `size` numbers, or a nested
 * one), or `{"instances": [...]}`.
 */
export function rowsFromJson(v: unknown, size: number, where: string): Rows {
  const body = v && typeof v === 'object' && !Array.isArray(v) && 'instances' in v ? (v as { instances: unknown }).instances : v;
  if (!Array.isArray(body)) throw new ValueError(`${where}: expected a JSON list of numbers or of examples.`);
  const all = flatNumbers(body, where);
  if (all.length === size) return [all];
  const rows = body.map((r) => flatNumbers(r, where));
  if (rows.every((r) => r.length === size)) return rows;
  throw new ValueError(`${where}: each example needs ${size} numbers; received ${all.length} numbers that do not split into examples of ${size}.`);
}

/** Parses CSV text: one example per line, numbers separated by commas (a non-numeric first line is a header). */
export function rowsFromCsv(text: string, where: string): Rows {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const rows = lines.map((l) => l.split(',').map((c) => Number(c.trim())));
  if (rows[0]?.some((x) => Number.isNaN(x))) rows.shift();
  rows.forEach((r, i) => {
    if (r.some((x) => !Number.isFinite(x))) throw new ValueError(`${where}: line ${i + 1} holds a value that is not a number.`);
  });
  return rows;
}

/** Decodes a NumPy `.npy` file (format 1.x/2.x, C order, little-endian u1/i4/f4/f8) into values and shape. */
export function decodeNpy(buf: Uint8Array, where: string): { values: number[]; shape: number[] } {
  const magic = String.fromCharCode(...buf.subarray(1, 6));
  if (buf[0] !== 0x93 || magic !== 'NUMPY') throw new FormatError(`${where}: not a .npy file (missing the \\x93NUMPY magic).`);
  const major = buf[6] ?? 1;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const headerLen = major >= 2 ? view.getUint32(8, true) : view.getUint16(8, true);
  const start = major >= 2 ? 12 : 10;
  const header = new TextDecoder().decode(buf.subarray(start, start + headerLen));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*True/.test(header);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '';
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (fortran) throw new FormatError(`${where}: Fortran-order arrays are not supported; save with np.ascontiguousarray.`);
  const data = buf.subarray(start + headerLen);
  const count = shape.reduce((a, d) => a * d, 1);
  const kinds: Record<string, [number, (o: number) => number]> = {
    '|u1': [1, (o) => data[o] ?? 0],
    '<i4': [4, (o) => view.getInt32(data.byteOffset - buf.byteOffset + o, true)],
    '<f4': [4, (o) => view.getFloat32(data.byteOffset - buf.byteOffset + o, true)],
    '<f8': [8, (o) => view.getFloat64(data.byteOffset - buf.byteOffset + o, true)],
  };
  const kind = descr ? kinds[descr] : undefined;
  if (!kind) throw new FormatError(`${where}: dtype ${descr} is not supported; use uint8, int32, float32 or float64.`);
  const [bytes, read] = kind;
  if (data.length < count * bytes) throw new FormatError(`${where}: the file is truncated (${data.length} bytes for ${count} values).`);
  return { values: Array.from({ length: count }, (_, i) => read(i * bytes)), shape };
}

/**
 * Reads `tforge predict` input: inline JSON (`'[[0,1,2,3]]'`), or a `.json`, `.csv` or `.npy` file, or a `.png` digit
 * (any size, dark-on-light or light-on-dark; MNIST-preprocessed to 28x28).
 * @example await readPredictInput('[1,0,0,0]', 4); // [[1, 0, 0, 0]]
 */
export async function readPredictInput(input: string, size: number): Promise<Rows> {
  const trimmed = input.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) return rowsFromJson(JSON.parse(trimmed), size, 'predict input');
  if (!existsSync(input)) throw new ValueError(`tforge predict: '${input}' is neither inline JSON nor an existing file.`);
  const ext = extname(input).toLowerCase();
  if (ext === '.png') {
    if (size !== 784) throw new ValueError(`tforge predict: PNG input needs a 28x28 image model (784 inputs); this model takes ${size}.`);
    return [Array.from(mnistPreprocess(decodePng(await readFile(input), input)))];
  }
  if (ext === '.npy') {
    const { values, shape } = decodeNpy(await readFile(input), input);
    if (values.length % size !== 0) throw new ValueError(`${input}: ${values.length} values (shape ${JSON.stringify(shape)}) do not split into examples of ${size}.`);
    return Array.from({ length: values.length / size }, (_, i) => values.slice(i * size, (i + 1) * size));
  }
  const text = await readFile(input, 'utf8');
  if (ext === '.csv') return rowsFromCsv(text, input);
  if (ext === '.json') return rowsFromJson(JSON.parse(text), size, input);
  throw new ValueError(`tforge predict: unsupported input '${ext}'; use inline JSON, .json, .csv, .npy or .png.`);
}

/** Parses one interactive line (JSON list or comma/space separated numbers); null for a blank line. */
export function parseLine(line: string, size: number): Rows | null {
  const t = line.trim();
  if (t === '') return null;
  if (t.startsWith('[') || t.startsWith('{')) return rowsFromJson(JSON.parse(t), size, 'input');
  const nums = t.split(/[\s,]+/).map(Number);
  if (nums.some((x) => !Number.isFinite(x))) throw new ValueError(`input: '${t.slice(0, 40)}' is not a list of numbers.`);
  return rowsFromJson(nums, size, 'input');
}
