// Public surface of src/optimizers/ (see docs/ARCHITECTURE.md).
export {};
