// TS kernels for op family 'shape-ops'.
export {};
