// Op family 'conv' (issue #2).
export {};
