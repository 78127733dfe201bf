// Public surface of src/io/ (see docs/ARCHITECTURE.md).
export {};
