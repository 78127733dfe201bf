#!/usr/bin/env python3
"""Writes test/golden/nn-ops.json: values and gradients of convolution, pooling, resizing and shape ops from PyTorch.

Run from the repository root: python3 test/golden/make-golden-nn.py
Inputs are stored channels-last (NHWC, filters [fh, fw, in, out]) as Tensorforge takes them; each PyTorch expression
permutes to NCHW internally. TF's SAME padding (the odd pixel goes after) is applied with an explicit F.pad, so the
goldens check TF semantics rather than PyTorch's symmetric padding='same'. As in make-golden.py, grads are of
sum(y * W) with W = sin(1 + arange(y.numel())) in y's shape. test/golden/nn-ops.test.ts mirrors each name.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
gen = torch.Generator().manual_seed(20261123)


def nchw(x):
    return x.permute(0, 3, 1, 2)


def nhwc(x):
    return x.permute(0, 2, 3, 1)


def oihw(w):  # [fh, fw, in, out] -> [out, in, fh, fw]
    return w.permute(3, 2, 0, 1)


def tf_same(x, k, s, d=(1, 1), value=0.0):
    """Pads an NCHW tensor the way TF's SAME does: total = max((ceil(n/s)-1)*s + eff - n, 0), the extra pixel after."""
    pads = []
    for axis in (3, 2):  # F.pad takes the last axis first
        n = x.shape[axis]
        eff = (k[axis - 2] - 1) * d[axis - 2] + 1
        out = math.ceil(n / s[axis - 2])
        total = max((out - 1) * s[axis - 2] + eff - n, 0)
        pads += [total // 2, total - total // 2]
    return F.pad(x, pads, value=value)


def conv_same(x, w, s, d=(1, 1)):
    xp = tf_same(nchw(x), (w.shape[0], w.shape[1]), s, d)
    return nhwc(F.conv2d(xp, oihw(w), stride=s, dilation=d))


def depthwise_same(x, w, s):
    c, m = w.shape[2], w.shape[3]
    filt = w.permute(2, 3, 0, 1).reshape(c * m, 1, w.shape[0], w.shape[1])  # channel c*m + q
    xp = tf_same(nchw(x), (w.shape[0], w.shape[1]), s)
    return nhwc(F.conv2d(xp, filt, stride=s, groups=c))


def max_pool_same(x, k, s):
    return nhwc(F.max_pool2d(tf_same(nchw(x), k, s, value=-math.inf), k, s))


def avg_pool_same(x, k, s):
    """TF averages only in-bounds cells: sum over the window divided by the count of real pixels."""
    total = F.avg_pool2d(tf_same(nchw(x), k, s), k, s, divisor_override=1)
    count = F.avg_pool2d(tf_same(torch.ones_like(nchw(x)), k, s), k, s, divisor_override=1)
    return nhwc(total / count)


def conv_transpose_same(x, w, out_hw, s):
    """conv2dTranspose with filter [fh, fw, outDepth, inDepth] and TF SAME output size out_hw."""
    k = (w.shape[0], w.shape[1])
    pads = []
    for i in range(2):
        total = max((math.ceil(out_hw[i] / s[i]) - 1) * s[i] + k[i] - out_hw[i], 0)
        pads.append((total // 2, total - total // 2))
    full = F.conv_transpose2d(nchw(x), w.permute(3, 2, 0, 1), stride=s)
    return nhwc(full[:, :, pads[0][0]:pads[0][0] + out_hw[0], pads[1][0]:pads[1][0] + out_hw[1]])


N = 'n'
P = 'p'

# name: (function, [shape, ...], differentiable); kinds: 'p' marks a positive input (variances).
CASES = {
    'conv2d_same_3x3': (lambda x, w: conv_same(x, w, (1, 1)), [[2, 5, 6, 3], [3, 3, 3, 4]], True),
    'conv2d_same_even_stride2': (lambda x, w: conv_same(x, w, (2, 2)), [[1, 7, 6, 2], [2, 4, 2, 3]], True),
    'conv2d_valid_dilation2': (lambda x, w: nhwc(F.conv2d(nchw(x), oihw(w), dilation=2)), [[2, 7, 7, 2], [3, 2, 2, 3]], True),
    'conv2d_valid_stride_2_3': (lambda x, w: nhwc(F.conv2d(nchw(x), oihw(w), stride=(2, 3))), [[1, 9, 8, 2], [3, 3, 2, 2]], True),
    'conv2d_same_dilation2_stride1': (lambda x, w: conv_same(x, w, (1, 1), (2, 2)), [[1, 6, 7, 2], [2, 3, 2, 2]], True),
    'depthwise_same_stride2_mult2': (lambda x, w: depthwise_same(x, w, (2, 2)), [[1, 7, 6, 3], [3, 3, 3, 2]], True),
    'conv2d_transpose_same_stride2': (lambda x, w: conv_transpose_same(x, w, (5, 6), (2, 2)), [[1, 3, 3, 4], [3, 3, 2, 4]], True),
    'conv1d_valid_stride2': (lambda x, w: F.conv1d(x.permute(0, 2, 1), w.permute(2, 1, 0), stride=2).permute(0, 2, 1),
                             [[2, 9, 3], [3, 3, 4]], True),
    'max_pool_same_3x3_stride2': (lambda x: max_pool_same(x, (3, 3), (2, 2)), [[2, 7, 5, 2]], True),
    'max_pool_valid_2x2': (lambda x: nhwc(F.max_pool2d(nchw(x), 2, 2)), [[1, 6, 5, 3]], True),
    'avg_pool_same_3x3_stride2': (lambda x: avg_pool_same(x, (3, 3), (2, 2)), [[2, 7, 5, 2]], True),
    'avg_pool_valid_2x3_stride1': (lambda x: nhwc(F.avg_pool2d(nchw(x), (2, 3), 1)), [[1, 5, 6, 2]], True),
    'resize_bilinear_align_corners': (lambda x: nhwc(F.interpolate(nchw(x), size=(7, 4), mode='bilinear', align_corners=True)),
                                      [[1, 4, 5, 2]], True),
    'resize_bilinear_half_pixel': (lambda x: nhwc(F.interpolate(nchw(x), size=(3, 8), mode='bilinear', align_corners=False)),
                                   [[2, 5, 4, 1]], True),
    'resize_nearest': (lambda x: nhwc(F.interpolate(nchw(x), size=(7, 3), mode='nearest')), [[1, 4, 5, 2]], True),
    'batch_norm': (lambda x, m, v, o, s: (x - m) * torch.rsqrt(v + 1e-3) * s + o, [[2, 3, 4], [4], ('p', [4]), [4], [4]], True),
    'mirror_pad_reflect': (lambda x: F.pad(x.unsqueeze(0), (2, 1, 1, 2), mode='reflect').squeeze(0), [[3, 4]], True),
    'gather_rows': (lambda x: torch.index_select(x, 0, torch.tensor([2, 0, 2, 1])), [[3, 4]], True),
    'topk_values': (lambda x: torch.topk(x, 3, dim=-1).values, [[4, 6]], True),
    'transpose_tile_reverse': (lambda x: torch.flip(x.permute(2, 0, 1).repeat(1, 2, 1), [1]), [[2, 3, 4]], True),
}


def make(spec):
    kind, shape = spec if isinstance(spec, tuple) else ('n', spec)
    x = torch.randn(*shape, generator=gen)
    return x.abs() + 0.5 if kind == 'p' else x


def tensor_json(t):
    return {'shape': list(t.shape), 'values': [float(v) for v in t.detach().reshape(-1).tolist()]}


def main():
    out = {'generator': 'test/golden/make-golden-nn.py', 'torch': torch.__version__, 'cases': []}
    for name, (fn, specs, differentiable) in CASES.items():
        inputs = [make(s).requires_grad_(differentiable) for s in specs]
        y = fn(*inputs)
        case = {'name': name, 'inputs': [tensor_json(x) for x in inputs], 'value': tensor_json(y)}
        if differentiable:
            weights = torch.sin(1 + torch.arange(y.numel(), dtype=torch.float64)).reshape(y.shape)
            grads = torch.autograd.grad((y * weights).sum(), inputs)
            case['grads'] = [tensor_json(g) for g in grads]
        out['cases'].append(case)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'nn-ops.json')
    with open(path, 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')
    print(f'wrote {len(out["cases"])} cases to {path}')


if __name__ == '__main__':
    main()
