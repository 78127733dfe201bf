// Sequence layers (issue #6): recurrent cells and layers, wrappers and masking, with TF.js factory names.
import { GRUCell, type GRUCellArgs, LSTMCell, type LSTMCellArgs, type RNNCellArgs, SimpleRNNCell } from './cells.js';
import { GRU, type GRULayerArgs, LSTM, type LSTMLayerArgs, RNN, type GenericRNNArgs, SimpleRNN, type SimpleRNNLayerArgs } from './rnn.js';
import { Bidirectional, type BidirectionalLayerArgs, Masking, type MaskingLayerArgs, TimeDistributed, type TimeDistributedLayerArgs } from './wrappers.js';
import { RNNCell } from './cells.js';
import { StackedRNNCells, type StackedRNNCellsArgs } from './stacked-cells.js';
import { deserializeLayer } from '../registry.js';
import { Layer } from '../layer.js';
import { ConfigError } from '../../core/errors.js';

export { RNNCell, SimpleRNNCell, LSTMCell, GRUCell, StackedRNNCells, RNN, SimpleRNN, LSTM, GRU, Bidirectional, TimeDistributed, Masking };
export type { StackedRNNCellsArgs, RNNCellArgs, LSTMCellArgs, GRUCellArgs, GenericRNNArgs, SimpleRNNLayerArgs, LSTMLayerArgs, GRULayerArgs };
export type { BidirectionalLayerArgs, TimeDistributedLayerArgs, MaskingLayerArgs, MergeMode } from './wrappers.js';

/** A recurrent layer over any cell. @example tf.layers.rnn({ cell: tf.layers.gruCell({ units: 8 }) }) */
export function rnn(args: GenericRNNArgs): RNN {
  const cell = args.cell instanceof Layer ? args.cell : deserializeLayer(args.cell);
  if (!(cell instanceof RNNCell)) throw new ConfigError(`rnn: cell must be a recurrent cell, received ${cell.getClassName()}.`);
  return new RNN({ ...args, cell });
}
/** A fully connected recurrent layer. @example tf.layers.simpleRNN({ units: 8 }) */
export function simpleRNN(args: SimpleRNNLayerArgs): SimpleRNN {
  return new SimpleRNN(args);
}
/** An LSTM layer. @example tf.layers.lstm({ units: 128 }) */
export function lstm(args: LSTMLayerArgs): LSTM {
  return new LSTM(args);
}
/** A GRU layer. @example tf.layers.gru({ units: 64, resetAfter: true }) */
export function gru(args: GRULayerArgs): GRU {
  return new GRU(args);
}
/** One SimpleRNN step. @example tf.layers.simpleRNNCell({ units: 8 }) */
export function simpleRNNCell(args: RNNCellArgs): SimpleRNNCell {
  return new SimpleRNNCell(args);
}
/** One LSTM step. @example tf.layers.lstmCell({ units: 8 }) */
export function lstmCell(args: LSTMCellArgs): LSTMCell {
  return new LSTMCell(args);
}
/** One GRU step. @example tf.layers.gruCell({ units: 8 }) */
export function gruCell(args: GRUCellArgs): GRUCell {
  return new GRUCell(args);
}
/**
 * Several cells run as one deep cell (bottom first).
 * @example tf.layers.rnn({ cell: tf.layers.stackedRNNCells({ cells: [tf.layers.lstmCell({ units: 8 }), tf.layers.lstmCell({ units: 4 })] }) })
 */
export function stackedRNNCells(args: StackedRNNCellsArgs): StackedRNNCells {
  return new StackedRNNCells(args);
}
/** Runs an RNN both ways. @example tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 8 }) }) */
export function bidirectional(args: BidirectionalLayerArgs): Bidirectional {
  return new Bidirectional(args);
}
/** Applies a layer to each time step. @example tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 2 }) }) */
export function timeDistributed(args: TimeDistributedLayerArgs): TimeDistributed {
  return new TimeDistributed(args);
}
/** Masks padded time steps. @example tf.layers.masking({ maskValue: 0 }) */
export function masking(args: MaskingLayerArgs = {}): Masking {
  return new Masking(args);
}
