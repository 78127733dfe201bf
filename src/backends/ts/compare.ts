// TS kernels for op family 'compare'.
export {};
