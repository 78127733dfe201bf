// Op family 'activations' (issue #2).
export {};
