// Attention layers (issue #6): multi-head attention and position information, with TF.js-style factories.
import { MultiHeadAttention, type MultiHeadAttentionArgs } from './multi-head-attention.js';
import {
  PositionEmbedding, type PositionEmbeddingArgs, SinePositionEncoding, type SinePositionEncodingArgs, TokenAndPositionEmbedding,
  type TokenAndPositionEmbeddingArgs,
} from './position-embedding.js';

export { MultiHeadAttention, PositionEmbedding, SinePositionEncoding, TokenAndPositionEmbedding };
export type { MultiHeadAttentionArgs, PositionEmbeddingArgs, SinePositionEncodingArgs, TokenAndPositionEmbeddingArgs };
export type { MultiHeadAttentionCallArgs } from './multi-head-attention.js';

/** Multi-head attention (Keras 3 semantics). @example tf.layers.multiHeadAttention({ numHeads: 4, keyDim: 16 }).apply([x, x]) */
export function multiHeadAttention(args: MultiHeadAttentionArgs): MultiHeadAttention {
  return new MultiHeadAttention(args);
}
/** Learned position embeddings. @example tf.layers.positionEmbedding({ sequenceLength: 128 }) */
export function positionEmbedding(args: PositionEmbeddingArgs): PositionEmbedding {
  return new PositionEmbedding(args);
}
/** Fixed sinusoidal position encodings. @example tf.layers.sinePositionEncoding() */
export function sinePositionEncoding(args: SinePositionEncodingArgs = {}): SinePositionEncoding {
  return new SinePositionEncoding(args);
}
/** Token embedding plus learned positions. @example tf.layers.tokenAndPositionEmbedding({ vocabularySize: 1000, sequenceLength: 64, embeddingDim: 32 }) */
export function tokenAndPositionEmbedding(args: TokenAndPositionEmbeddingArgs): TokenAndPositionEmbedding {
  return new TokenAndPositionEmbedding(args);
}
