// StackedRNNCells: several cells run as one, each step feeding the next cell (Keras `StackedRNNCells`).
import { ConfigError } from '../../core/errors.js';
import { reshape } from '../../ops/index.js';
import type { Tensor, Variable } from '../../tensor/tensor.js';
import type { ConfigDict, LayerArgs, ShapeOrShapes } from '../layer.js';
import { type SerializedLayer, deserializeLayer, registerLayer, serializeLayer } from '../registry.js';
import type { SymbolicShape } from '../symbolic.js';
import { RNNCell } from './cells.js';

/** Options of `StackedRNNCells`. */
export interface StackedRNNCellsArgs extends LayerArgs {
  /** The cells, bottom first; each one's output is the next one's input. */
  cells: (RNNCell | SerializedLayer)[];
}

/**
 * Wraps a list of cells so that `rnn` runs them as a deep recurrent network in one pass over time. States are the
 * cells' states in order (`[h1, c1, h2, ...]`); the output is the last cell's. The cells' own `dropout` and
 * `recurrentDropout` are not applied inside a stack.
 * @example tf.layers.rnn({ cell: tf.layers.stackedRNNCells({ cells: [tf.layers.lstmCell({ units: 8 }), tf.layers.gruCell({ units: 4 })] }) })
 */
export class StackedRNNCells extends RNNCell {
  static override className = 'StackedRNNCells';
  readonly cells: RNNCell[];

  constructor(args: StackedRNNCellsArgs) {
    const cells = (args?.cells ?? []).map((c) => (c instanceof RNNCell ? c : deserializeLayer(c)));
    for (const c of cells) {
      if (!(c instanceof RNNCell)) throw new ConfigError(`StackedRNNCells: every cell must be a recurrent cell (lstmCell, gruCell, simpleRNNCell), received ${c.getClassName()}.`);
    }
    const rnnCells = cells as RNNCell[];
    const last = rnnCells[rnnCells.length - 1];
    if (!last) throw new ConfigError('StackedRNNCells: cells must be a non-empty list of recurrent cells, e.g. {cells: [tf.layers.lstmCell({units: 8})]}.');
    const { cells: _c, ...rest } = args;
    super({ ...rest, units: last.units });
    this.cells = rnnCells;
  }

  protected get gates(): number {
    return 0;
  }

  get stateSize(): number[] {
    return this.cells.flatMap((c) => c.stateSize);
  }

  override build(inputShape: ShapeOrShapes): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as SymbolicShape;
    let dim = shape[shape.length - 1] ?? null;
    for (const c of this.cells) {
      if (!c.built) {
        c.build([shape[0] ?? null, dim]);
        c.built = true;
      }
      dim = c.units;
    }
  }

  override get trainableWeights(): Variable[] {
    return this.trainable ? this.cells.flatMap((c) => c.trainableWeights) : [];
  }

  override get nonTrainableWeights(): Variable[] {
    return this.cells.flatMap((c) => (this.trainable ? c.nonTrainableWeights : c.weights));
  }

  override get losses(): Tensor[] {
    return [...super.losses, ...this.cells.flatMap((c) => c.losses)];
  }

  /** The bottom cell's projection of the whole sequence; upper cells project their input step by step. */
  override project(x: Tensor): Tensor {
    return (this.cells[0] as RNNCell).project(x);
  }

  step(xp: Tensor, states: Tensor[], recurrentMask: Tensor | null): { output: Tensor; states: Tensor[] } {
    let offset = 0;
    let input = xp;
    const next: Tensor[] = [];
    this.cells.forEach((cell, k) => {
      const n = cell.stateSize.length;
      const own = states.slice(offset, offset + n);
      offset += n;
      const proj = k === 0 ? input : reshape(cell.project(reshape(input, [input.shape[0] ?? 0, 1, input.shape[1] ?? 0])), [input.shape[0] ?? 0, -1]);
      // The RNN's recurrent dropout mask is sized for the output cell; it applies to that cell only.
      const r = cell.step(proj, own, k === this.cells.length - 1 ? recurrentMask : null);
      next.push(...r.states);
      input = r.output;
    });
    return { output: input, states: next };
  }

  override getConfig(): ConfigDict {
    const { name, trainable, dtype } = super.getConfig();
    return { name, trainable, dtype, cells: this.cells.map((c) => serializeLayer(c)) };
  }
}
registerLayer(StackedRNNCells.className, StackedRNNCells);
