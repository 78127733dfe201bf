// Transformer decoder layers (issue #16): GPT-2's block, embedding and tied head, LoRA-capable projections.
import { TransformerDecoderBlock, type TransformerDecoderBlockArgs } from './decoder-block.js';

export { TransformerDecoderBlock, causalAttentionBias } from './decoder-block.js';
export type { TransformerDecoderBlockArgs, KVCache, AttentionBias, DecoderStepOptions } from './decoder-block.js';
export { GPTEmbedding, TiedEmbeddingHead } from './gpt-embedding.js';
export type { GPTEmbeddingArgs, TiedEmbeddingHeadArgs } from './gpt-embedding.js';
export { Projection, layerNorm } from './projection.js';
export type { LoraConfig, LoraAdapter } from './projection.js';

/** A GPT-2 pre-LN decoder block. @example tf.layers.transformerDecoderBlock({ numHeads: 4 }).apply(x) */
export function transformerDecoderBlock(args: TransformerDecoderBlockArgs): TransformerDecoderBlock {
  return new TransformerDecoderBlock(args);
}
