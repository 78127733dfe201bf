#!/usr/bin/env python3
"""Writes test/golden/rnn-layers.json: SimpleRNN, LSTM, GRU and bidirectional LSTM outputs from PyTorch for fixed
weights, stored in the Keras layout that Tensorforge uses.

Run from the repository root: python3 test/golden/make-golden-rnn.py

Layout conversions (Keras kernel [D, G*H] = PyTorch weight_ih [G*H, D] transposed, blocks in the same row order):
* LSTM: PyTorch gate order i, f, g, o is Keras's i, f, c, o. PyTorch adds b_ih + b_hh; the Keras bias is their sum.
* GRU: PyTorch orders r, z, n; Keras orders z, r, h, so the blocks are permuted. PyTorch's GRU is Keras's
  reset_after=True: Keras bias [2, 3H] = [input bias; recurrent bias] (each permuted to z, r, h).
* GRU reset_after=False has no PyTorch module; it is computed step by step from its defining equations
  (h~ = tanh(x Wh + (r * h) Uh + bh)), with the same weights.
All cells use the sigmoid gate activation (Keras's default; Tensorforge layers take recurrentActivation: 'sigmoid').
test/golden/rnn-layers.test.ts mirrors each case by name.
"""
import json
import os

import torch

torch.set_default_dtype(torch.float64)
gen = torch.Generator().manual_seed(20261122)
B, T, D, H = 2, 4, 3, 5


def rand(*shape, scale=0.5):
    return (torch.rand(*shape, generator=gen) * 2 - 1) * scale


def stored(t):
    t = t.detach()
    return {"shape": list(t.shape), "values": [float(v) for v in t.reshape(-1)]}


def gru_blocks(w):
    """PyTorch r, z, n blocks (along dim 0) -> Keras z, r, h."""
    r, z, n = w.chunk(3, 0)
    return torch.cat([z, r, n], 0)


x = rand(B, T, D, scale=1.0)
h0 = rand(B, H)
c0 = rand(B, H)
cases = []

# SimpleRNN (tanh): h' = tanh(x W + h U + b).
rnn = torch.nn.RNN(D, H, batch_first=True)
with torch.no_grad():
    for p in rnn.parameters():
        p.copy_(rand(*p.shape))
    rnn.bias_hh_l0.zero_()
    out, hn = rnn(x, h0.unsqueeze(0))
cases.append({
    "name": "simple_rnn", "x": stored(x), "h0": stored(h0),
    "weights": [stored(rnn.weight_ih_l0.T), stored(rnn.weight_hh_l0.T), stored(rnn.bias_ih_l0)],
    "sequence": stored(out), "states": [stored(hn[0])],
})

# LSTM.
lstm = torch.nn.LSTM(D, H, batch_first=True)
with torch.no_grad():
    for p in lstm.parameters():
        p.copy_(rand(*p.shape))
    out, (hn, cn) = lstm(x, (h0.unsqueeze(0), c0.unsqueeze(0)))
cases.append({
    "name": "lstm", "x": stored(x), "h0": stored(h0), "c0": stored(c0),
    "weights": [stored(lstm.weight_ih_l0.T), stored(lstm.weight_hh_l0.T), stored(lstm.bias_ih_l0 + lstm.bias_hh_l0)],
    "sequence": stored(out), "states": [stored(hn[0]), stored(cn[0])],
})

# GRU, reset_after=True (PyTorch's definition).
gru = torch.nn.GRU(D, H, batch_first=True)
with torch.no_grad():
    for p in gru.parameters():
        p.copy_(rand(*p.shape))
    out, hn = gru(x, h0.unsqueeze(0))
wi, wh = gru_blocks(gru.weight_ih_l0), gru_blocks(gru.weight_hh_l0)
bi, bh = gru_blocks(gru.bias_ih_l0), gru_blocks(gru.bias_hh_l0)
cases.append({
    "name": "gru_reset_after", "x": stored(x), "h0": stored(h0),
    "weights": [stored(wi.T), stored(wh.T), stored(torch.stack([bi, bh]))],
    "sequence": stored(out), "states": [stored(hn[0])],
})

# GRU, reset_after=False (Keras 1 / TF.js form), from the equations; same kernels, one bias (bi).
wz, wr, wn = wi.chunk(3, 0)
uz, ur, un = wh.chunk(3, 0)
bz, br, bn = bi.chunk(3, 0)
h = h0
outs = []
for t in range(T):
    xt = x[:, t]
    z = torch.sigmoid(xt @ wz.T + h @ uz.T + bz)
    r = torch.sigmoid(xt @ wr.T + h @ ur.T + br)
    hh = torch.tanh(xt @ wn.T + (r * h) @ un.T + bn)
    h = z * h + (1 - z) * hh
    outs.append(h)
cases.append({
    "name": "gru_reset_before", "x": stored(x), "h0": stored(h0),
    "weights": [stored(wi.T), stored(wh.T), stored(bi)],
    "sequence": stored(torch.stack(outs, 1)), "states": [stored(h)],
})

# Bidirectional LSTM, concat merge, return sequences, zero initial states: forward weights then backward weights.
bl = torch.nn.LSTM(D, H, batch_first=True, bidirectional=True)
with torch.no_grad():
    for p in bl.parameters():
        p.copy_(rand(*p.shape))
    out, _ = bl(x)
cases.append({
    "name": "bidirectional_lstm_concat", "x": stored(x),
    "weights": [
        stored(bl.weight_ih_l0.T), stored(bl.weight_hh_l0.T), stored(bl.bias_ih_l0 + bl.bias_hh_l0),
        stored(bl.weight_ih_l0_reverse.T), stored(bl.weight_hh_l0_reverse.T), stored(bl.bias_ih_l0_reverse + bl.bias_hh_l0_reverse),
    ],
    "sequence": stored(out),
})

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rnn-layers.json")
with open(path, "w") as f:
    json.dump({"generator": "test/golden/make-golden-rnn.py", "torch": torch.__version__, "cases": cases}, f)
print(f"wrote {len(cases)} cases to {path}")
