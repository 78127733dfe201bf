// Public surface of src/layers/ (see docs/ARCHITECTURE.md).
export {};
