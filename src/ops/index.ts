// The op layer's public surface. Each op family lives in its own file; add new families here.
export * from './convert.js';
export * from './cast.js';
export * from './creation.js';
export * from './random.js';
export * from './arithmetic.js';
export * from './reshape.js';
export * from './reduction.js';
export * from './matmul.js';
export * from './gradients.js';
