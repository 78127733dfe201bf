#!/usr/bin/env python3
"""Writes a tiny random GPT-2 in the Hugging Face layout and its logits, computed by an independent PyTorch forward.

Run from the repository root: python3 test/golden/make-golden-gpt2.py
Outputs, next to this script:
  gpt2-tiny/config.json        Hugging Face GPT2Config keys (model_type gpt2)
  gpt2-tiny/model.safetensors  F32 tensors named as GPT2Model's state dict: wte.weight, wpe.weight,
                               h.N.{ln_1,attn.c_attn,attn.c_proj,ln_2,mlp.c_fc,mlp.c_proj}.{weight,bias}, ln_f.*,
                               plus the h.N.attn.bias causal-mask buffer that older hub checkpoints carry
  gpt2-logits.json             input ids [2, T] and logits [2, T, V] (float64 math on the stored F32 weights)
GPT-2's Conv1D stores kernels as [in, out] (y = x @ W + b), unlike nn.Linear. The forward below is written from the
paper and the released code's equations: pre-LayerNorm blocks, causal softmax attention over heads, GELU with the
tanh approximation, final LayerNorm, logits through the transposed token table (tied head).
test/golden/gpt2.test.ts (src/io) loads the directory with loadHFGPT2 and compares logits to 1e-4.
"""
import json
import math
import os
import struct

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'gpt2-tiny')
CFG = dict(vocab_size=61, n_positions=16, n_embd=24, n_layer=2, n_head=3, n_inner=None, layer_norm_epsilon=1e-5)
gen = torch.Generator().manual_seed(20261207)


def randn(*shape, std=0.2):
    return (torch.randn(*shape, generator=gen, dtype=torch.float64) * std).float()


def make_weights():
    d, v, p = CFG['n_embd'], CFG['vocab_size'], CFG['n_positions']
    f = CFG['n_inner'] or 4 * d
    w = {'wte.weight': randn(v, d), 'wpe.weight': randn(p, d, std=0.1)}
    for i in range(CFG['n_layer']):
        h = f'h.{i}.'
        w[h + 'ln_1.weight'] = 1 + randn(d, std=0.1)
        w[h + 'ln_1.bias'] = randn(d, std=0.1)
        w[h + 'attn.c_attn.weight'] = randn(d, 3 * d)
        w[h + 'attn.c_attn.bias'] = randn(3 * d, std=0.1)
        w[h + 'attn.c_proj.weight'] = randn(d, d)
        w[h + 'attn.c_proj.bias'] = randn(d, std=0.1)
        w[h + 'ln_2.weight'] = 1 + randn(d, std=0.1)
        w[h + 'ln_2.bias'] = randn(d, std=0.1)
        w[h + 'mlp.c_fc.weight'] = randn(d, f)
        w[h + 'mlp.c_fc.bias'] = randn(f, std=0.1)
        w[h + 'mlp.c_proj.weight'] = randn(f, d)
        w[h + 'mlp.c_proj.bias'] = randn(d, std=0.1)
        w[h + 'attn.bias'] = torch.tril(torch.ones(p, p)).view(1, 1, p, p)  # buffer, not a weight
    w['ln_f.weight'] = 1 + randn(d, std=0.1)
    w['ln_f.bias'] = randn(d, std=0.1)
    return w


def layer_norm(x, g, b):
    mu = x.mean(-1, keepdim=True)
    var = ((x - mu) ** 2).mean(-1, keepdim=True)
    return (x - mu) / torch.sqrt(var + CFG['layer_norm_epsilon']) * g + b


def gelu_tanh(x):
    return 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))


def forward(w, ids):
    w = {k: t.double() for k, t in w.items()}
    b, t = ids.shape
    d, nh = CFG['n_embd'], CFG['n_head']
    hd = d // nh
    x = w['wte.weight'][ids] + w['wpe.weight'][torch.arange(t)]
    causal = torch.tril(torch.ones(t, t, dtype=torch.bool))
    for i in range(CFG['n_layer']):
        h = f'h.{i}.'
        a = layer_norm(x, w[h + 'ln_1.weight'], w[h + 'ln_1.bias'])
        qkv = a @ w[h + 'attn.c_attn.weight'] + w[h + 'attn.c_attn.bias']
        q, k, v = (z.view(b, t, nh, hd).transpose(1, 2) for z in qkv.split(d, dim=2))
        att = (q @ k.transpose(-2, -1)) / math.sqrt(hd)
        att = att.masked_fill(~causal, float('-inf')).softmax(-1)
        y = (att @ v).transpose(1, 2).reshape(b, t, d)
        x = x + y @ w[h + 'attn.c_proj.weight'] + w[h + 'attn.c_proj.bias']
        m = layer_norm(x, w[h + 'ln_2.weight'], w[h + 'ln_2.bias'])
        x = x + gelu_tanh(m @ w[h + 'mlp.c_fc.weight'] + w[h + 'mlp.c_fc.bias']) @ w[h + 'mlp.c_proj.weight'] + w[h + 'mlp.c_proj.bias']
    x = layer_norm(x, w['ln_f.weight'], w['ln_f.bias'])
    return x @ w['wte.weight'].T


def write_safetensors(path, tensors):
    """safetensors: u64 LE header length, JSON header (space-padded to 8 bytes), raw little-endian data."""
    header, blobs, offset = {'__metadata__': {'format': 'pt'}}, [], 0
    for name, t in tensors.items():
        data = t.contiguous().numpy().astype('<f4').tobytes()
        header[name] = {'dtype': 'F32', 'shape': list(t.shape), 'data_offsets': [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    js = json.dumps(header, separators=(',', ':')).encode()
    js += b' ' * ((8 - len(js) % 8) % 8)
    with open(path, 'wb') as fh:
        fh.write(struct.pack('<Q', len(js)) + js + b''.join(blobs))


def main():
    os.makedirs(OUT, exist_ok=True)
    w = make_weights()
    write_safetensors(os.path.join(OUT, 'model.safetensors'), w)
    config = {
        'model_type': 'gpt2', 'architectures': ['GPT2LMHeadModel'], 'activation_function': 'gelu_new',
        'n_ctx': CFG['n_positions'], 'resid_pdrop': 0.1, 'embd_pdrop': 0.1, 'attn_pdrop': 0.1, 'initializer_range': 0.02,
        'bos_token_id': CFG['vocab_size'] - 1, 'eos_token_id': CFG['vocab_size'] - 1, **CFG,
    }
    with open(os.path.join(OUT, 'config.json'), 'w') as fh:
        json.dump(config, fh, indent=2)
    ids = torch.randint(0, CFG['vocab_size'], (2, 11), generator=gen)
    logits = forward(w, ids)
    with open(os.path.join(HERE, 'gpt2-logits.json'), 'w') as fh:
        json.dump({'ids': ids.tolist(), 'shape': list(logits.shape), 'logits': [round(v, 7) for v in logits.flatten().tolist()]}, fh)


if __name__ == '__main__':
    main()
