// Op family 'nn' (issue #2).
export {};
