// Op family 'compare' (issue #2).
export {};
