// Public surface of src/data/ (tf.data): datasets, sources, CSV/JSON-lines readers, IDX files, tables.
export { Dataset } from './dataset.js';
export type { DataIterator, DataResult, IteratorHandle, ChunkSource } from './dataset.js';
export { batchElements } from './batch.js';
export type { BatchOf, NumericArray } from './batch.js';
export { array, generator, zip } from './sources.js';
export { CsvParser, parseCsvRecords } from './csv-parser.js';
export type { CsvParseOptions } from './csv-parser.js';
export { csv, CsvDataset } from './csv.js';
export type { CsvConfig, CsvElement, CsvRow } from './csv.js';
export type { Cell, ColumnConfig } from './csv-values.js';
export { jsonl } from './jsonl.js';
export { readTextChunks, readLines } from './file-stream.js';
export { readCsv, parseCsv, column } from './table.js';
export type { Table, TableOptions } from './table.js';
export { decodeIdx, encodeIdx, readIdx, writeIdx, idxToTensor } from './idx.js';
export type { IdxArray, IdxType, IdxValues } from './idx.js';
