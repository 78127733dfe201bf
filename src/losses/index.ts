// Public surface of src/losses/ (see docs/ARCHITECTURE.md).
export {};
