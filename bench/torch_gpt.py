"""PyTorch side of the GPT benchmarks: `python3 bench/torch_gpt.py <workload> <quick>`; prints `@@RESULT {json}`.
Called by bench/run.ts (`npm run bench`, workloads gpt-*) and bench/gpt.ts.

Mirrors bench/gpt.ts: the same GPT-2 architecture (pre-LN blocks, fused c_attn, GELU-tanh MLP, tied head), the
same shapes, float32, every core of the machine. Workloads:
  char-train      nanoGPT's CPU char config (4 layers, 4 heads, 128 wide, block 64, batch 12, vocab 65), AdamW
                  step with global-norm clipping: ms per iteration
  gpt2-prompt     GPT-2 124M (random weights), one forward over a 128-token prompt: tokens/s
  gpt2-decode-b1  / gpt2-decode-b8: 128 new tokens (32 with quick) greedily with a KV cache after a 16-token
                  prompt, batch 1 / 8: generated tokens/s
"""
import json
import math
import os
import sys
import time

try:
    import torch
    from torch import nn
    import torch.nn.functional as F
except Exception as exc:  # noqa: BLE001 - a missing peer is reported as a result, not a crash
    print("@@RESULT " + json.dumps({"status": "error", "note": f"torch unavailable, PyTorch peer skipped: {exc}"}))
    sys.exit(0)

torch.set_num_threads(len(os.sched_getaffinity(0)))
torch.manual_seed(0)


class Block(nn.Module):
    def __init__(self, d, h):
        super().__init__()
        self.h = h
        self.ln_1, self.ln_2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.c_attn, self.c_proj = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.c_fc, self.mlp_proj = nn.Linear(d, 4 * d), nn.Linear(4 * d, d)

    def forward(self, x, cache=None):
        b, t, d = x.shape
        hd = d // self.h
        q, k, v = (z.view(b, t, self.h, hd).transpose(1, 2) for z in self.c_attn(self.ln_1(x)).split(d, dim=2))
        if cache is not None:
            k, v = torch.cat([cache[0], k], 2), torch.cat([cache[1], v], 2)
        past = k.shape[2] - t
        att = (q @ k.transpose(-2, -1)) / math.sqrt(hd)
        if t > 1:
            mask = torch.ones(t, k.shape[2], dtype=torch.bool).tril(past)
            att = att.masked_fill(~mask, float('-inf'))
        y = (att.softmax(-1) @ v).transpose(1, 2).reshape(b, t, d)
        x = x + self.c_proj(y)
        x = x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate='tanh'))
        return x, (k, v)


class GPT(nn.Module):
    def __init__(self, vocab, ctx, layers, heads, d):
        super().__init__()
        self.wte, self.wpe = nn.Embedding(vocab, d), nn.Embedding(ctx, d)
        self.h = nn.ModuleList(Block(d, heads) for _ in range(layers))
        self.ln_f = nn.LayerNorm(d)

    def forward(self, ids, caches=None):
        past = 0 if caches is None else caches[0][0].shape[2]
        x = self.wte(ids) + self.wpe(torch.arange(past, past + ids.shape[1]))
        new = []
        for i, blk in enumerate(self.h):
            x, c = blk(x, None if caches is None else caches[i])
            new.append(c)
        return self.ln_f(x) @ self.wte.weight.T, new


def char_train(quick):
    model = GPT(65, 64, 4, 4, 128)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.99), weight_decay=0.1)
    x = torch.randint(0, 65, (12, 64))
    y = torch.randint(0, 65, (12, 64))

    def step():
        logits, _ = model(x)
        loss = F.cross_entropy(logits.view(-1, 65), y.view(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()

    for _ in range(3):
        step()
    n = 10 if quick else 30
    t0 = time.perf_counter()
    for _ in range(n):
        step()
    return {"status": "ok", "value": (time.perf_counter() - t0) / n * 1000, "unit": "ms/iter", "lowerIsBetter": True}


@torch.no_grad()
def gpt2(workload, quick):
    model = GPT(50257, 1024, 12, 12, 768).eval()
    if workload == "gpt2-prompt":
        ids = torch.randint(0, 50257, (1, 128))
        model(ids)
        reps = 2 if quick else 3
        t0 = time.perf_counter()
        for _ in range(reps):
            model(ids)
        return {"status": "ok", "value": 128 * reps / (time.perf_counter() - t0), "unit": "tokens/s"}
    b = 1 if workload == "gpt2-decode-b1" else 8
    new = 32 if quick else 128
    ids = torch.randint(0, 50257, (b, 16))
    t0 = time.perf_counter()
    logits, caches = model(ids)
    for _ in range(new):
        nxt = logits[:, -1].argmax(-1, keepdim=True)
        logits, caches = model(nxt, caches)
    return {"status": "ok", "value": b * new / (time.perf_counter() - t0), "unit": "tokens/s"}


def main():
    workload, quick = sys.argv[1], sys.argv[2] == "1"
    # bench/run.ts names the training workload gpt-char-train (and adds budget and data-dir arguments, unused here).
    result = char_train(quick) if workload in ("char-train", "gpt-char-train") else gpt2(workload, quick)
    print("@@RESULT " + json.dumps(result))


if __name__ == "__main__":
    main()
