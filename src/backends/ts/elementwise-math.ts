// TS kernels for op family 'elementwise-math'.
export {};
