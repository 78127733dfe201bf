// TS kernels for op family 'reduction-extra'.
export {};
