// Public surface of src/serve/ (see docs/ARCHITECTURE.md).
export {};
