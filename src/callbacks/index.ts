// Public surface of src/callbacks/ (see docs/ARCHITECTURE.md).
export {};
