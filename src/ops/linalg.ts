// Op family 'linalg' (issue #2).
export {};
