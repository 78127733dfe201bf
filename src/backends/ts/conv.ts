// TS kernels for op family 'conv'.
export {};
