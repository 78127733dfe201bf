// Public surface of src/models/ (see docs/ARCHITECTURE.md).
export {};
