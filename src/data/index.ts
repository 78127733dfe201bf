// Public surface of src/data/ (see docs/ARCHITECTURE.md).
export {};
