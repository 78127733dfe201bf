// Public surface of src/initializers/ (see docs/ARCHITECTURE.md).
export {};
