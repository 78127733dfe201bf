// Op family 'elementwise-math' (issue #2).
export {};
