#!/usr/bin/env python3
"""Writes test/golden/core-ops.json: values and gradients of expressions over the core ops, computed by PyTorch.

Run from the repository root: python3 test/golden/make-golden.py
Each case stores its float64 inputs, the forward value y, and the gradients of sum(y * W) with respect to every
input, where W = sin(1 + arange(y.numel())) reshaped to y's shape (so every output position matters).
test/golden/core-ops.test.ts recomputes the same expressions with Tensorforge's ops (the names must match).
"""
import json
import math
import os

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
gen = torch.Generator().manual_seed(20261122)


def make(shape, kind):
    x = torch.randn(*shape, generator=gen)
    if kind == 'p':  # positive
        return x.abs() + 0.5
    if kind == 's':  # small, inside (-1, 1) for asin/acos/tan
        return (0.3 * x).clamp(-0.9, 0.9)
    if kind == 'w':  # wide, to exercise stable formulas
        return 6 * x
    return x


N, P, S, W = 'n', 'p', 's', 'w'

# name: (function, [(shape, kind), ...], differentiable)
CASES = {
    'mlp_tanh': (lambda a, b, c: torch.tanh(a @ b + c), [([3, 4], N), ([4, 5], N), ([5], N)], True),
    'batched_matmul_broadcast': (lambda a, b: a @ b, [([2, 1, 3, 4], N), ([3, 4, 2], N)], True),
    'matmul_transposed': (lambda a, b: a.transpose(-1, -2) @ b.transpose(-1, -2), [([4, 3], N), ([2, 4], N)], True),
    'softmax_last': (lambda x: torch.softmax(x, -1), [([3, 5], W)], True),
    'softmax_dim0': (lambda x: torch.softmax(x, 0), [([3, 4], N)], True),
    'log_softmax': (lambda x: torch.log_softmax(x, -1), [([3, 5], W)], True),
    'cross_entropy': (lambda x: -(torch.log_softmax(x, -1) * torch.eye(4)[[0, 3, 1]]).sum(-1).mean(), [([3, 4], N)], True),
    'relu': (lambda x: torch.relu(x), [([2, 5], N)], True),
    'relu6': (lambda x: F.relu6(x), [([2, 5], W)], True),
    'leaky_relu': (lambda x: F.leaky_relu(x, 0.1), [([2, 5], N)], True),
    'prelu': (lambda x, a: torch.where(x > 0, x, a * x), [([2, 3], N), ([3], P)], True),
    'elu': (lambda x: F.elu(x), [([2, 5], N)], True),
    'selu': (lambda x: torch.selu(x), [([2, 5], N)], True),
    'sigmoid': (lambda x: torch.sigmoid(x), [([2, 5], W)], True),
    'log_sigmoid': (lambda x: F.logsigmoid(x), [([2, 5], W)], True),
    'tanh': (lambda x: torch.tanh(x), [([2, 5], N)], True),
    'softplus': (lambda x: F.softplus(x), [([2, 5], W)], True),
    'softsign': (lambda x: F.softsign(x), [([2, 5], N)], True),
    'gelu': (lambda x: F.gelu(x), [([2, 5], N)], True),
    'gelu_tanh': (lambda x: F.gelu(x, approximate='tanh'), [([2, 5], N)], True),
    'silu': (lambda x: F.silu(x), [([2, 5], N)], True),
    'mish': (lambda x: F.mish(x), [([2, 5], N)], True),
    'erf': (lambda x: torch.erf(x), [([2, 5], N)], True),
    'exp_log': (lambda x, p: torch.exp(x) + torch.log(p) + torch.expm1(x) * torch.log1p(p), [([2, 3], N), ([2, 3], P)], True),
    'roots': (lambda p: torch.sqrt(p) * torch.rsqrt(p + 1) + torch.reciprocal(p) + torch.square(p), [([2, 3], P)], True),
    'trig': (lambda x, s: torch.sin(x) * torch.cos(x) + torch.tan(s) + torch.atan(x), [([2, 3], N), ([2, 3], S)], True),
    'inverse_trig': (lambda s: torch.asin(s) + torch.acos(s) * s, [([2, 3], S)], True),
    'hyperbolic': (lambda x: torch.sinh(x) - torch.cosh(x) * x, [([2, 3], N)], True),
    'abs_sign': (lambda x: torch.abs(x) + torch.sign(x) * x, [([2, 3], N)], True),
    'atan2': (lambda a, b: torch.atan2(a, b), [([2, 3], N), ([3], N)], True),
    'pow': (lambda a, b: torch.pow(a, b), [([2, 3], P), ([3], N)], True),
    'max_min_elementwise': (lambda a, b: torch.maximum(a, b) - 2 * torch.minimum(a, b), [([2, 3], N), ([2, 1], N)], True),
    'squared_difference': (lambda a, b: (a - b) ** 2, [([2, 3], N), ([3], N)], True),
    'clip': (lambda x: torch.clamp(x, -0.5, 0.7) * x, [([2, 5], N)], True),
    'mod': (lambda a, b: torch.remainder(a, b), [([2, 3], W), ([3], P)], True),
    'floor_div': (lambda a, b: torch.div(a, b, rounding_mode='floor'), [([2, 3], W), ([3], P)], False),
    'round_floor_ceil': (lambda x: torch.round(x) + 10 * torch.floor(x) + 100 * torch.ceil(x), [([2, 5], W)], False),
    'where_broadcast': (lambda a, b: torch.where(a > 0, a, b * b), [([2, 1, 3], N), ([2, 3], N)], True),
    'sum_axes': (lambda x: x.sum(dim=(0, 2)), [([2, 3, 4], N)], True),
    'mean_keepdim': (lambda x: x.mean(dim=-1, keepdim=True), [([2, 3, 4], N)], True),
    'prod_axis': (lambda x: x.prod(dim=1), [([2, 4], N)], True),
    'max_axis': (lambda x: x.amax(dim=-1), [([3, 4], N)], True),
    'min_axes': (lambda x: x.amin(dim=(0, 1)), [([2, 3, 2], N)], True),
    'logsumexp': (lambda x: torch.logsumexp(x, dim=1), [([3, 4], W)], True),
    'variance': (lambda x: x.var(dim=0, unbiased=False) + x.mean(dim=0), [([4, 3], N)], True),
    'norm_euclidean': (lambda x: torch.linalg.vector_norm(x).reshape([]), [([2, 3], N)], True),
    'norm_l1_axis': (lambda x: torch.linalg.vector_norm(x, 1, dim=1), [([2, 3], N)], True),
    'norm_inf_axis': (lambda x: torch.linalg.vector_norm(x, math.inf, dim=0), [([2, 3], N)], True),
    'norm_fro': (lambda x: torch.linalg.matrix_norm(x, 'fro'), [([2, 3, 3], N)], True),
    'norm_matrix_1': (lambda x: torch.linalg.matrix_norm(x, 1), [([3, 4], N)], True),
    'norm_matrix_inf': (lambda x: torch.linalg.matrix_norm(x, math.inf), [([3, 4], N)], True),
    'cumsum': (lambda x: torch.cumsum(x, 1), [([2, 4], N)], True),
    'cumsum_exclusive_reverse': (lambda x: torch.flip(torch.cumsum(torch.flip(x, [0]), 0), [0]) - x, [([4, 2], N)], True),
    'argmax_argmin': (lambda x: torch.argmax(x, 1) * 10 + torch.argmin(x, 0).sum(), [([3, 4], N)], False),
    'layer_norm_like': (lambda x, g: (x - x.mean(-1, keepdim=True)) * torch.rsqrt(x.var(-1, unbiased=False, keepdim=True) + 1e-5) * g,
                        [([3, 4], N), ([4], N)], True),
}


def tensor_json(t):
    return {'shape': list(t.shape), 'values': [float(v) for v in t.detach().reshape(-1).tolist()]}


def main():
    out = {'generator': 'test/golden/make-golden.py', 'torch': torch.__version__, 'cases': []}
    for name, (fn, specs, differentiable) in CASES.items():
        inputs = [make(shape, kind).requires_grad_(differentiable) for shape, kind in specs]
        y = fn(*inputs)
        case = {'name': name, 'inputs': [tensor_json(x) for x in inputs], 'value': tensor_json(y.to(torch.float64))}
        if differentiable:
            weights = torch.sin(1 + torch.arange(y.numel(), dtype=torch.float64)).reshape(y.shape)
            grads = torch.autograd.grad((y * weights).sum(), inputs)
            case['grads'] = [tensor_json(g) for g in grads]
        out['cases'].append(case)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'core-ops.json')
    with open(path, 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')
    print(f'wrote {len(out["cases"])} cases to {path}')


if __name__ == '__main__':
    main()
