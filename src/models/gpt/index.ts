// GPT language models (issue #16): the model, generation and presets.
export { GPTModel, GPT_PRESETS } from './gpt-model.js';
export type { GPTConfig, GPTPreset, GPTForwardOptions } from './gpt-model.js';
export { generate, generateAsync, sampleToken } from './generate.js';
export type { GenerateOptions } from './generate.js';
export { enableLora, mergeLora, loraWeights, setLoraWeights, loraState, DEFAULT_LORA_TARGETS } from './lora.js';
export type { LoraTarget, LoraState } from './lora.js';
export { trainGPT, splitTokens, sampleBatch, estimateGPTLoss } from './train.js';
export type { GPTTrainOptions, GPTTrainResult, TokenSplits } from './train.js';
