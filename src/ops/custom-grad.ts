// Op family 'custom-grad' (issue #2).
export {};
