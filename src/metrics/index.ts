// Public surface of src/metrics/ (see docs/ARCHITECTURE.md).
export {};
