// TS kernels for op family 'pool'.
export {};
