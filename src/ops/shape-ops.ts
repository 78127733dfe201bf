// Op family 'shape-ops' (issue #2).
export {};
