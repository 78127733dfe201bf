"""PyTorch side of the Tensorforge benchmarks: `python3 bench/torch_worker.py <workload> <quick> <budget> <data_dir>`.

Mirrors bench/workloads.ts and bench/micro.ts on the same prepared data (bench/data.ts) with the same batch sizes,
optimizer (Adam, lr 0.001) and layer shapes; images are NCHW, PyTorch's native layout. Prints one line
`@@RESULT {json}`.
"""
import json
import os
import sys
import time

import numpy as np

try:
    import torch
    from torch import nn
except Exception as exc:  # noqa: BLE001 - report any import problem as a result line
    print("@@RESULT " + json.dumps({"status": "error", "note": f"torch unavailable: {exc}"}))
    sys.exit(0)

THREADS = len(os.sched_getaffinity(0))
torch.set_num_threads(THREADS)
torch.manual_seed(0)

MNIST_N, PIXELS, CLASSES, SEQS, SEQ_LEN, VOCAB = 60000, 784, 10, 5000, 100, 10000
BATCH = {"mlp": 32, "cnn-small": 64, "cnn": 64, "lstm": 32}


def mlp():
    return nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))


class LastStep(nn.Module):
    def forward(self, out):
        return out[0][:, -1, :]


def build(workload):
    if workload in ("mlp", "predict1", "predict256"):
        return mlp()
    if workload == "cnn-small":
        return nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                             nn.Linear(13 * 13 * 32, 128), nn.ReLU(), nn.Linear(128, 10))
    if workload == "cnn":
        return nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(),
                             nn.MaxPool2d(2), nn.Conv2d(64, 64, 3), nn.ReLU(), nn.Flatten(),
                             nn.Linear(3 * 3 * 64, 64), nn.ReLU(), nn.Linear(64, 10))
    if workload == "lstm":
        return nn.Sequential(nn.Embedding(VOCAB, 16), nn.LSTM(16, 128, batch_first=True), LastStep(), nn.Linear(128, 1))
    raise ValueError(workload)


def data(workload, d):
    if workload == "lstm":
        x = torch.from_numpy(np.fromfile(os.path.join(d, "text-x.i32"), dtype="<i4").reshape(SEQS, SEQ_LEN).astype(np.int64))
        y = torch.from_numpy(np.fromfile(os.path.join(d, "text-y.f32"), dtype="<f4").reshape(SEQS, 1))
        return x, y, nn.BCEWithLogitsLoss()
    x = np.fromfile(os.path.join(d, "mnist-x.f32"), dtype="<f4")
    x = x.reshape(MNIST_N, 784) if workload == "mlp" else x.reshape(MNIST_N, 1, 28, 28)
    y = np.fromfile(os.path.join(d, "mnist-y.i32"), dtype="<i4").astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(y), nn.CrossEntropyLoss()


def train_epoch(workload, quick, budget, d):
    x, y, loss_fn = data(workload, d)
    model = build(workload)
    opt = torch.optim.Adam(model.parameters(), lr=0.001)
    batch = BATCH[workload]

    def fit(n):
        t0 = time.perf_counter()
        for i in range(0, n, batch):
            opt.zero_grad()
            loss = loss_fn(model(x[i:i + batch]), y[i:i + batch])
            loss.backward()
            opt.step()
        return time.perf_counter() - t0

    fit(batch)
    probe_n = batch * 2
    probe = fit(probe_n)
    cap = min(budget, 15) if quick else budget
    n = len(x)
    if probe / probe_n * n > cap:
        n = max(probe_n, int(cap / (probe / probe_n) / batch) * batch)
    seconds = probe if n == probe_n else fit(n)
    return {"status": "ok", "value": seconds * len(x) / n, "unit": "s/epoch", "lowerIsBetter": True,
            "detail": {"samplesMeasured": n, "epochSamples": len(x), "extrapolated": n < len(x), "batchSize": batch}}


def time_loop(fn, seconds, min_reps):
    times, end = [], time.perf_counter() + seconds
    while len(times) < min_reps or time.perf_counter() < end:
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def micro(workload, quick, d):
    secs = 2 if quick else 5
    if workload == "sgemm":
        a, b = torch.rand(1024, 1024) - 0.5, torch.rand(1024, 1024) - 0.5
        a @ b
        times = time_loop(lambda: a @ b, secs, 3)
        ms = float(np.median(times))
        return {"status": "ok", "value": 2 * 1024 ** 3 / (ms / 1000) / 1e9, "unit": "GFLOP/s", "lowerIsBetter": False,
                "detail": {"medianMs": ms, "reps": len(times)}}
    if workload == "bf16-gemm":
        # bf16 inputs (PyTorch accumulates bf16 matmul in float32 on CPU through oneDNN), with float32 beside it.
        a, b = torch.rand(1024, 1024) - 0.5, torch.rand(1024, 1024) - 0.5
        a16, b16 = a.bfloat16(), b.bfloat16()
        a16 @ b16
        a @ b
        t16, t32 = [], []
        end = time.perf_counter() + secs
        while len(t16) < 3 or time.perf_counter() < end:
            t16 += time_loop(lambda: a16 @ b16, 0, 1)
            t32 += time_loop(lambda: a @ b, 0, 1)
        ms16, ms32 = float(np.median(t16)), float(np.median(t32))
        flop = 2 * 1024 ** 3
        return {"status": "ok", "value": flop / (ms16 / 1000) / 1e9, "unit": "GFLOP/s", "lowerIsBetter": False,
                "detail": {"medianMs": ms16, "float32GFLOPs": round(flop / (ms32 / 1000) / 1e9, 1), "reps": len(t16),
                           "bf16VsFloat32": round(ms32 / ms16, 2)}}
    if workload == "elementwise":
        x, bias = torch.rand(1024, 1024) - 0.5, torch.rand(1024) - 0.5

        def step():
            h = torch.relu(x + bias)
            h.sum(0)
            torch.softmax(h, 1)
        step()
        times = time_loop(step, secs, 3)
        return {"status": "ok", "value": float(np.median(times)), "unit": "ms", "lowerIsBetter": True, "detail": {"reps": len(times)}}
    model = mlp().eval()
    pixels = np.fromfile(os.path.join(d, "mnist-x.f32"), dtype="<f4")
    n = 1 if workload == "predict1" else 256
    x = torch.from_numpy(pixels[: n * 784].reshape(n, 784).copy())
    with torch.no_grad():
        def once():
            torch.softmax(model(x), 1)
        for _ in range(50):
            once()
        times = time_loop(once, 1 if quick else 3, 200 if n == 1 else 10)
    ms = float(np.median(times))
    if n == 1:
        return {"status": "ok", "value": ms, "unit": "ms (p50)", "lowerIsBetter": True, "detail": {"reps": len(times)}}
    return {"status": "ok", "value": 256 / (ms / 1000), "unit": "samples/s", "lowerIsBetter": False, "detail": {"reps": len(times)}}


def main():
    workload, quick, budget, d = sys.argv[1], sys.argv[2] == "1", float(sys.argv[3]), sys.argv[4]
    try:
        if workload in BATCH:
            result = train_epoch(workload, quick, budget, d)
        else:
            result = micro(workload, quick, d)
        result.setdefault("detail", {})["threads"] = THREADS
    except Exception as exc:  # noqa: BLE001 - one failing workload must not stop the run
        result = {"status": "error", "note": str(exc).splitlines()[0] if str(exc) else type(exc).__name__}
    print("@@RESULT " + json.dumps(result))


if __name__ == "__main__":
    main()
