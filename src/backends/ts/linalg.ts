// TS kernels for op family 'linalg'.
export {};
