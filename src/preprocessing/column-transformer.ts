// ColumnTransformer: applies transformers to named columns of a table and concatenates the results into one
// float32 feature matrix (scikit-learn's ColumnTransformer for tables).
import { ConfigError, ValueError } from '../core/errors.js';
import type { Cell } from '../data/csv-values.js';
import type { Table } from '../data/table.js';
import { Tensor } from '../tensor/tensor.js';
import { type Matrix, type PreprocessorJSON, numericColumns } from './matrix.js';

/** Anything with fit/transform/toJSON on 2-D input: scalers, encoders, imputers, detectors. */
export interface FeatureTransformer {
  fit(x: Matrix): unknown;
  transform(x: Matrix): Matrix;
  toJSON(): PreprocessorJSON;
  featureNames?(inputNames?: readonly string[]): string[];
}

/** One step: the columns it reads and the transformer (or chain, applied left to right) or 'passthrough'. */
export interface ColumnStep {
  name?: string;
  columns: string[];
  transformer: FeatureTransformer | FeatureTransformer[] | 'passthrough';
}

type Reviver = (json: PreprocessorJSON) => FeatureTransformer;

/**
 * Fits each step on its columns and concatenates the outputs, in step order, into a float32 [rows, features] tensor.
 * @example const ct = new ColumnTransformer([
 *   { columns: ['age', 'hours'], transformer: new StandardScaler() },
 *   { columns: ['workclass'], transformer: new OneHotEncoder({ handleUnknown: 'ignore' }) },
 * ]);
 * const x = ct.fitTransform(trainTable);
 */
export class ColumnTransformer {
  readonly className = 'ColumnTransformer';
  private names: string[] | null = null;

  constructor(readonly steps: ColumnStep[]) {
    if (!Array.isArray(steps) || steps.length === 0) throw new ConfigError('ColumnTransformer: expected a non-empty array of steps.');
    steps.forEach((s, i) => {
      if (!Array.isArray(s.columns) || s.columns.length === 0) {
        throw new ConfigError(`ColumnTransformer: step ${s.name ?? i} needs a non-empty 'columns' array.`);
      }
    });
  }

  private select(table: Table, columns: readonly string[], where: string): Cell[][] {
    const idx = columns.map((c) => {
      const j = table.columns.indexOf(c);
      if (j === -1) throw new ConfigError(`${where}: no column '${c}'; the table has ${table.columns.join(', ')}.`);
      return j;
    });
    return table.rows.map((r) => idx.map((j) => r[j] as Cell));
  }

  private chain(step: ColumnStep): FeatureTransformer[] {
    return step.transformer === 'passthrough' ? [] : Array.isArray(step.transformer) ? step.transformer : [step.transformer];
  }

  /** Fits every step on the training table. */
  fit(table: Table): this {
    if (table.rows.length === 0) throw new ValueError('ColumnTransformer.fit: received 0 rows; fit needs at least one sample.');
    this.names = [];
    for (const step of this.steps) {
      let x: Matrix = this.select(table, step.columns, 'ColumnTransformer.fit');
      const chain = this.chain(step);
      chain.forEach((t) => {
        t.fit(x);
        x = t.transform(x);
      });
      const last = chain[chain.length - 1];
      const width = x instanceof Tensor ? (x.shape[1] as number) : step.columns.length;
      const names = last?.featureNames ? last.featureNames(step.columns) : step.columns;
      this.names.push(...(names.length === width ? names : Array.from({ length: width }, (_, k) => `${step.name ?? 'step'}_${k}`)));
    }
    return this;
  }

  /** Transforms a table with the fitted steps into a float32 [rows, features] tensor. */
  transform(table: Table): Tensor {
    if (!this.names) throw new ValueError('ColumnTransformer.transform: call fit() first.');
    const parts = this.steps.map((step) => {
      let x: Matrix = this.select(table, step.columns, 'ColumnTransformer.transform');
      for (const t of this.chain(step)) x = t.transform(x);
      return numericColumns(x, `ColumnTransformer.transform (step ${step.name ?? step.columns.join(',')})`);
    });
    const n = table.rows.length;
    const d = parts.reduce((a, p) => a + p.cols.length, 0);
    const out = new Float32Array(n * d);
    let off = 0;
    for (const p of parts) {
      p.cols.forEach((c, k) => {
        for (let i = 0; i < n; i++) out[i * d + off + k] = c[i] as number;
      });
      off += p.cols.length;
    }
    return new Tensor(out, [n, d], 'float32');
  }

  /** `fit(table)` then `transform(table)`. */
  fitTransform(table: Table): Tensor {
    return this.fit(table).transform(table);
  }

  /** Output feature names, in column order (available after fit). */
  featureNames(): string[] {
    if (!this.names) throw new ValueError('ColumnTransformer.featureNames: call fit() first.');
    return [...this.names];
  }

  /** Serialisable steps with their fitted state. */
  toJSON(): PreprocessorJSON {
    return {
      className: this.className,
      config: {
        steps: this.steps.map((s) => ({
          name: s.name ?? null,
          columns: s.columns,
          transformer: s.transformer === 'passthrough' ? 'passthrough' : this.chain(s).map((t) => t.toJSON()),
        })),
      },
      state: this.names ? { featureNames: this.names } : null,
    };
  }

  /** Rebuilds a transformer; `revive` turns each step's JSON back into a transformer (see `preprocessorFromJSON`). */
  static fromJSON(json: PreprocessorJSON, revive: Reviver): ColumnTransformer {
    const steps = (json.config['steps'] as { name: string | null; columns: string[]; transformer: 'passthrough' | PreprocessorJSON[] }[]).map(
      (s): ColumnStep => ({
        ...(s.name !== null ? { name: s.name } : {}),
        columns: s.columns,
        transformer: s.transformer === 'passthrough' ? 'passthrough' : s.transformer.map(revive),
      }),
    );
    const ct = new ColumnTransformer(steps);
    if (json.state) ct.names = json.state['featureNames'] as string[];
    return ct;
  }
}
