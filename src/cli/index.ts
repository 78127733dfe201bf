// Public surface of src/cli/ (see docs/ARCHITECTURE.md).
export {};
