import { describe, expect, it } from 'vitest';
import { nanoGPTSchedule } from './train.js';

// Golden values from nanoGPT's get_lr recipe (lr 1e-3, min_lr 1e-4, warmup 100, lr_decay_iters 2000) as computed by
// the Python function lr_at in bench/char-gpt-torch-reference.py (float64 in both, so they agree to ~1e-16).
const golden: Record<number, number> = {
  0: 9.900990099009901e-6, 1: 1.9801980198019803e-5, 99: 0.0009900990099009901, 100: 0.001,
  101: 0.0009999993848585915, 1000: 0.0005871607054625496, 1999: 0.00010000061514140841, 2000: 0.0001, 2001: 0.0001,
};

describe('nanoGPTSchedule', () => {
  it('matches nanoGPT get_lr step for step, including the (it+1)/(warmup+1) warmup and the floor after decay', () => {
    const s = nanoGPTSchedule(1e-3, 1e-4, 100, 2000);
    for (const [step, lr] of Object.entries(golden)) expect(s.valueAt(Number(step))).toBeCloseTo(lr, 15);
  });
  it('never gives a zero learning rate at the first step (the old Keras-style warmup did)', () => {
    expect(nanoGPTSchedule(1e-3, 1e-4, 100, 2000).valueAt(0)).toBeGreaterThan(0);
  });
});
