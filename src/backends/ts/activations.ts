// TS kernels for op family 'activations'.
export {};
