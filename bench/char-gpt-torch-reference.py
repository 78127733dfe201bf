"""PyTorch reference for examples/char-gpt.ts: nanoGPT's CPU shakespeare_char recipe, written from its published
facts (4 layers, 4 heads, 128 wide, block 64, batch 12, dropout 0, bias=False, exact GELU, LayerNorm eps 1e-5,
init N(0, 0.02) with c_proj N(0, 0.02/sqrt(2*n_layer)), tied wte/lm_head, AdamW lr 1e-3 betas (0.9, 0.99), weight
decay 0.1 on every parameter of dim >= 2, clip_grad_norm_ 1.0, warmup lr*(it+1)/(warmup+1) for 100 iterations then
cosine to 1e-4 at 2000, lr set before the step of iteration it, estimates every 250 iterations including it = 2000).
Usage: python3 bench/char-gpt-torch-reference.py [--seed 1337] [--iters 2000]
Prints the 20-batch estimate at each evaluation and, at the end, the loss over the whole validation split
(all non-overlapping 64-character windows)."""
import argparse, math, time
import torch, torch.nn as nn, torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument('--seed', type=int, default=1337)
p.add_argument('--iters', type=int, default=2000)
p.add_argument('--text', default='/work/shared/datasets/text/tinyshakespeare/input.txt')
a = p.parse_args()
torch.manual_seed(a.seed)
torch.set_num_threads(2)
L, H, C, T, B = 4, 4, 128, 64, 12
text = open(a.text, encoding='utf-8').read()
chars = sorted(set(text)); V = len(chars); stoi = {c: i for i, c in enumerate(chars)}
data = torch.tensor([stoi[c] for c in text], dtype=torch.long)
n = int(0.9 * len(data)); train, val = data[:n], data[n:]

class Block(nn.Module):
    def __init__(s):
        super().__init__()
        s.ln1 = nn.LayerNorm(C, elementwise_affine=True); s.ln1.bias = None
        s.qkv = nn.Linear(C, 3 * C, bias=False); s.proj = nn.Linear(C, C, bias=False)
        s.ln2 = nn.LayerNorm(C); s.ln2.bias = None
        s.fc = nn.Linear(C, 4 * C, bias=False); s.fc_proj = nn.Linear(4 * C, C, bias=False)
    def forward(s, x):
        q, k, v = s.qkv(F.layer_norm(x, (C,), s.ln1.weight, None, 1e-5)).split(C, dim=2)
        sh = lambda t: t.view(x.size(0), x.size(1), H, C // H).transpose(1, 2)
        q, k, v = sh(q), sh(k), sh(v)
        att = (q @ k.transpose(-2, -1)) / math.sqrt(C // H)
        mask = torch.ones(x.size(1), x.size(1), dtype=torch.bool).tril()
        att = att.masked_fill(~mask, float('-inf')).softmax(-1)
        y = (att @ v).transpose(1, 2).contiguous().view(x.shape)
        x = x + s.proj(y)
        return x + s.fc_proj(F.gelu(s.fc(F.layer_norm(x, (C,), s.ln2.weight, None, 1e-5))))

class GPT(nn.Module):
    def __init__(s):
        super().__init__()
        s.wte = nn.Embedding(V, C); s.wpe = nn.Embedding(T, C)
        s.h = nn.ModuleList([Block() for _ in range(L)])
        s.lnf = nn.LayerNorm(C); s.lnf.bias = None
        for m in s.modules():
            if isinstance(m, (nn.Linear, nn.Embedding)): nn.init.normal_(m.weight, 0.0, 0.02)
        for b in s.h:
            for w in (b.proj.weight, b.fc_proj.weight): nn.init.normal_(w, 0.0, 0.02 / math.sqrt(2 * L))
    def forward(s, idx, y=None):
        x = s.wte(idx) + s.wpe(torch.arange(idx.size(1)))
        for b in s.h: x = b(x)
        logits = F.linear(F.layer_norm(x, (C,), s.lnf.weight, None, 1e-5), s.wte.weight)
        return F.cross_entropy(logits.view(-1, V), y.reshape(-1))

def batch(split):
    ix = torch.randint(len(split) - T, (B,))
    return torch.stack([split[i:i + T] for i in ix]), torch.stack([split[i + 1:i + 1 + T] for i in ix])

def lr_at(it, lr=1e-3, minlr=1e-4, warm=100, decay=2000):
    if it < warm: return lr * (it + 1) / (warm + 1)
    if it > decay: return minlr
    r = (it - warm) / (decay - warm)
    return minlr + 0.5 * (1 + math.cos(math.pi * r)) * (lr - minlr)

model = GPT()
params = [q for q in model.parameters() if q.requires_grad]
opt = torch.optim.AdamW([{'params': [q for q in params if q.dim() >= 2], 'weight_decay': 0.1},
                         {'params': [q for q in params if q.dim() < 2], 'weight_decay': 0.0}], lr=1e-3, betas=(0.9, 0.99))

@torch.no_grad()
def estimate():
    model.eval(); out = {}
    for name, s in (('train', train), ('val', val)):
        out[name] = sum(model(*batch(s)).item() for _ in range(20)) / 20
    model.train(); return out

t0 = time.time()
for it in range(a.iters + 1):
    for g in opt.param_groups: g['lr'] = lr_at(it)
    if it % 250 == 0 or it == a.iters:
        e = estimate(); print(f"step {it}: train loss {e['train']:.4f}, val loss {e['val']:.4f}", flush=True)
    if it == a.iters: break
    x, y = batch(train)
    loss = model(x, y)
    opt.zero_grad(set_to_none=True); loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
print(f"{1000 * (time.time() - t0) / max(a.iters, 1):.1f} ms/iter (incl. estimates)")
with torch.no_grad():
    model.eval(); m = (len(val) - 1) // T
    xs = val[:m * T].view(m, T); ys = val[1:m * T + 1].view(m, T)
    tot = sum(model(xs[i:i + 256], ys[i:i + 256]).item() * xs[i:i + 256].size(0) for i in range(0, m, 256)) / m
print(f"full validation split ({m} windows of {T}): val loss {tot:.4f}")
