// Public surface of src/activations/ (see docs/ARCHITECTURE.md).
export {};
