// Op family 'reduction-extra' (issue #2).
export {};
