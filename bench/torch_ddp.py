"""PyTorch DDP (Gloo, 127.0.0.1) side of the data-parallel benchmark: `python3 bench/torch_ddp.py <ranks> <quick> <budget> <data_dir>`.

The MNIST CNN of the cnn-small workload (bench/torch_worker.py), Adam lr 0.001, global batch 64 split evenly over
the ranks, one intra-op thread per rank, no shuffling; the epoch time is extrapolated from at most `budget` seconds
like bench/dp-epoch.ts. Rank 0 prints one line `@@RESULT {json}`.
"""
import json
import os
import sys
import time

import numpy as np

MNIST_N, BATCH = 60000, 64


def worker(rank, ranks, quick, budget, d, port, out):
    import torch
    import torch.distributed as dist
    from torch import nn
    from torch.nn.parallel import DistributedDataParallel as DDP

    torch.set_num_threads(1)
    os.environ["MASTER_ADDR"], os.environ["MASTER_PORT"] = "127.0.0.1", str(port)
    os.environ["GLOO_SOCKET_IFNAME"] = "lo"
    dist.init_process_group("gloo", rank=rank, world_size=ranks)
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                          nn.Linear(13 * 13 * 32, 128), nn.ReLU(), nn.Linear(128, 10))
    ddp = DDP(model)
    opt = torch.optim.Adam(ddp.parameters(), lr=0.001)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.from_numpy(np.fromfile(os.path.join(d, "mnist-x.f32"), dtype="<f4").reshape(MNIST_N, 1, 28, 28))
    y = torch.from_numpy(np.fromfile(os.path.join(d, "mnist-y.i32"), dtype="<i4").astype(np.int64))
    local = BATCH // ranks

    def fit(n):
        t0 = time.perf_counter()
        for i in range(0, n, BATCH):
            lo = i + rank * local
            opt.zero_grad()
            loss_fn(ddp(x[lo:lo + local]), y[lo:lo + local]).backward()
            opt.step()
        return time.perf_counter() - t0

    fit(BATCH * 2)
    probe_n = BATCH * 8
    probe = fit(probe_n)
    cap = min(budget, 15) if quick else budget
    n = torch.tensor([min(MNIST_N, max(probe_n, int(cap / (probe / probe_n) / BATCH) * BATCH)) if rank == 0 else 0])
    dist.all_reduce(n)
    n = int(n.item())
    seconds = fit(n)
    if rank == 0:
        out.put({"status": "ok", "value": seconds * MNIST_N / n, "unit": "s/epoch", "lowerIsBetter": True,
                 "detail": {"ranks": ranks, "samplesMeasured": n, "epochSamples": MNIST_N, "extrapolated": n < MNIST_N,
                            "batchSize": BATCH, "library": "torch.distributed gloo " + torch.__version__}})
    dist.destroy_process_group()


def main():
    ranks, quick, budget, d = int(sys.argv[1]), sys.argv[2] == "1", float(sys.argv[3]), sys.argv[4]
    try:
        import socket

        import torch.multiprocessing as mp
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        ctx = mp.get_context("spawn")
        out = ctx.Queue()
        procs = [ctx.Process(target=worker, args=(r, ranks, quick, budget, d, port, out)) for r in range(ranks)]
        for p in procs:
            p.start()
        result = out.get(timeout=2 * budget + 300)
        for p in procs:
            p.join(60)
    except Exception as exc:  # noqa: BLE001 - report any failure as a result line
        result = {"status": "error", "note": str(exc).splitlines()[0] if str(exc) else type(exc).__name__}
    print("@@RESULT " + json.dumps(result))


if __name__ == "__main__":
    main()
