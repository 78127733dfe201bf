#!/usr/bin/env python3
"""Writes test/golden/training-blocks.json: per-sample Keras-style losses (and their gradients with respect to the
prediction) and optimizer trajectories, computed with PyTorch in float64.

Run from the repository root: python3 test/golden/make-training-golden.py
Losses: each case stores y_true, y_pred, the per-sample loss and d(sum(loss * W))/d(y_pred), W = sin(1 + arange(n)).
Optimizers: each case applies a fixed sequence of gradients to w0 and stores the parameters after every step; eps is
set to 1e-12 so PyTorch's and Keras's different epsilon placements agree to ~1e-10.
test/golden/training-blocks.test.ts recomputes the same cases with Tensorforge (the names must match).
"""
import json
import math
import os

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
gen = torch.Generator().manual_seed(20261122)


def randn(*shape):
    return torch.randn(*shape, generator=gen)


def probs(*shape):
    return torch.sigmoid(randn(*shape))


def dist(*shape):
    return torch.softmax(randn(*shape), -1)


LOSSES = {
    'mse': (lambda t, p: ((p - t) ** 2).mean(-1), lambda: (randn(3, 4), randn(3, 4))),
    'mae': (lambda t, p: (p - t).abs().mean(-1), lambda: (randn(3, 4), randn(3, 4))),
    'huber': (lambda t, p: F.huber_loss(p, t, reduction='none', delta=1.0).mean(-1), lambda: (randn(3, 4), 2 * randn(3, 4))),
    'log_cosh': (lambda t, p: torch.log(torch.cosh(p - t)).mean(-1), lambda: (randn(3, 4), randn(3, 4))),
    'binary_crossentropy': (lambda t, p: F.binary_cross_entropy(p, t, reduction='none').mean(-1), lambda: (probs(3, 2).round(), probs(3, 2))),
    'binary_crossentropy_logits': (
        lambda t, p: F.binary_cross_entropy_with_logits(p, t, reduction='none').mean(-1),
        lambda: (probs(3, 2), 4 * randn(3, 2)),
    ),
    # Keras renormalises probabilities by their row sum inside the loss, which changes the gradient.
    'categorical_crossentropy': (lambda t, p: -(t * torch.log(p / p.sum(-1, keepdim=True))).sum(-1), lambda: (dist(3, 5), dist(3, 5))),
    'categorical_crossentropy_logits': (lambda t, p: -(t * torch.log_softmax(p, -1)).sum(-1), lambda: (dist(3, 5), 5 * randn(3, 5))),
    'kl_divergence': (lambda t, p: (t * torch.log(t / p)).sum(-1), lambda: (dist(3, 4), dist(3, 4))),
    'poisson': (
        lambda t, p: F.poisson_nll_loss(p, t, log_input=False, full=False, eps=1e-7, reduction='none').mean(-1),
        lambda: (torch.poisson(3 * probs(3, 4), generator=gen), probs(3, 4) * 3 + 0.1),
    ),
    'cosine_similarity': (lambda t, p: -F.cosine_similarity(t, p, dim=-1), lambda: (randn(3, 4), randn(3, 4))),
}


def stored(t):
    return {'shape': list(t.shape), 'values': [float(v) for v in t.reshape(-1).tolist()]}


def loss_cases():
    out = []
    for name, (fn, make) in LOSSES.items():
        t, p = make()
        p = p.clone().requires_grad_(True)
        y = fn(t, p)
        w = torch.sin(1 + torch.arange(y.numel(), dtype=torch.float64)).reshape(y.shape)
        (g,) = torch.autograd.grad((y * w).sum(), [p])
        out.append({'name': name, 'yTrue': stored(t), 'yPred': stored(p.detach()), 'loss': stored(y.detach()), 'grad': stored(g)})
    # Sparse labels with logits.
    logits = (3 * randn(4, 5)).requires_grad_(True)
    labels = torch.tensor([0, 4, 2, 2])
    y = F.cross_entropy(logits, labels, reduction='none')
    w = torch.sin(1 + torch.arange(4, dtype=torch.float64))
    (g,) = torch.autograd.grad((y * w).sum(), [logits])
    out.append({'name': 'sparse_categorical_crossentropy_logits', 'yTrue': stored(labels.double()), 'yPred': stored(logits.detach()),
                'loss': stored(y.detach()), 'grad': stored(g)})
    return out


OPTIMIZERS = {
    'sgd_nesterov': lambda p: torch.optim.SGD([p], lr=0.1, momentum=0.9, nesterov=True),
    'adagrad': lambda p: torch.optim.Adagrad([p], lr=0.1, initial_accumulator_value=0.1, eps=1e-12),
    'rmsprop_centered_momentum': lambda p: torch.optim.RMSprop([p], lr=0.01, alpha=0.9, momentum=0.5, centered=True, eps=1e-12),
    'adam': lambda p: torch.optim.Adam([p], lr=0.05, betas=(0.9, 0.999), eps=1e-12),
    'adamw': lambda p: torch.optim.AdamW([p], lr=0.05, betas=(0.9, 0.999), eps=1e-12, weight_decay=0.1),
    'adamax': lambda p: torch.optim.Adamax([p], lr=0.02, betas=(0.9, 0.999), eps=1e-12),
    # No Nadam case: torch 1.13's NAdam multiplies mu twice into mu_product_next (fixed upstream later), so it does
    # not match Keras 3's Nadam; src/optimizers/optimizers.test.ts checks Nadam against Keras's formulas instead.
}


def optimizer_cases():
    w0 = randn(3)
    grads = [randn(3) for _ in range(5)]
    out = []
    for name, make in OPTIMIZERS.items():
        p = w0.clone().requires_grad_(True)
        opt = make(p)
        steps = []
        for g in grads:
            p.grad = g.clone()
            opt.step()
            steps.append([float(v) for v in p.detach().tolist()])
        out.append({'name': name, 'steps': steps})
    return {'w0': [float(v) for v in w0.tolist()], 'grads': [[float(v) for v in g.tolist()] for g in grads], 'cases': out}


if __name__ == '__main__':
    here = os.path.dirname(os.path.abspath(__file__))
    data = {'torch': torch.__version__, 'losses': loss_cases(), 'optimizers': optimizer_cases()}
    with open(os.path.join(here, 'training-blocks.json'), 'w') as f:
        json.dump(data, f, indent=1)
    print('wrote', len(data['losses']), 'loss cases and', len(data['optimizers']['cases']), 'optimizer cases')
