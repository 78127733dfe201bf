// Op family 'pool' (issue #2).
export {};
