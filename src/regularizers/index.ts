// Public surface of src/regularizers/ (see docs/ARCHITECTURE.md).
export {};
