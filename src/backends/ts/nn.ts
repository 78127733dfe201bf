// TS kernels for op family 'nn'.
export {};
