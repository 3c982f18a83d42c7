# PyTorch side of bench/training.ts: the same three workloads, one training
# step per request, so the Node side can interleave PyTorch steps with its own
# step by step (a noisy, shared machine then slows both alike).
#
# Protocol: one JSON object per line on stdin, one per line on stdout.
#   {"workload": "mlp-ae" | "conv-ae" | "dcgan", "batch": 128}  -> {"ready": true, "blas": ..., "threads": n}
#   {"step": true}                                             -> {"ms": 12.3, "loss": 0.07}
#   {"quit": true}                                             -> {"maxRssKiB": ...}  and exit
# Threads are fixed by the environment the parent sets (OMP/OPENBLAS_NUM_THREADS,
# OMP_WAIT_POLICY=PASSIVE) before torch loads, and by torch.set_num_threads.
import json
import os
import resource
import sys
import time

import torch
from torch import nn


def blas_in_use():
    """The BLAS shared object this process mapped (OpenBLAS or the reference one)."""
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
    return sorted(paths)


def images(count):
    # Same values as bench/training.ts's images(): a 32-bit LCG, top 24 bits.
    state = 7
    out = []
    for _ in range(count * 784):
        state = (state * 1103515245 + 12345) & 0xFFFFFFFF
        out.append((state >> 8) / 16777216)
    return torch.tensor(out, dtype=torch.float32).reshape(count, 1, 28, 28)


def mlp_ae():
    return nn.Sequential(
        nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 64), nn.ReLU(),
        nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 784), nn.Sigmoid(), nn.Unflatten(1, (1, 28, 28)),
    )


def conv_ae():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, stride=2, padding=1), nn.ReLU(),
        nn.Conv2d(32, 64, 3, stride=2, padding=1), nn.ReLU(),
        nn.Flatten(), nn.Linear(7 * 7 * 64, 16),
        nn.Linear(16, 7 * 7 * 64), nn.ReLU(), nn.Unflatten(1, (64, 7, 7)),
        nn.ConvTranspose2d(64, 32, 3, stride=2, padding=1, output_padding=1), nn.ReLU(),
        nn.ConvTranspose2d(32, 1, 3, stride=2, padding=1, output_padding=1), nn.Sigmoid(),
    )


def autoencoder_step(model, data, batch):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    count = data.shape[0]
    n = [0]

    def step():
        start = (n[0] * batch) % (count - batch + 1)
        n[0] += 1
        x = data[start:start + batch]
        optimizer.zero_grad(set_to_none=True)
        loss = torch.mean((x - model(x)) ** 2)
        loss.backward()
        optimizer.step()
        return loss.item()

    return step


def dcgan(data, batch):
    """LANGUAGE.md's DCGAN: one D update, then one G update, on fresh noise each."""
    g = nn.Sequential(
        nn.Linear(100, 7 * 7 * 128), nn.BatchNorm1d(7 * 7 * 128, eps=1e-3, momentum=0.01), nn.LeakyReLU(0.2),
        nn.Unflatten(1, (128, 7, 7)),
        nn.ConvTranspose2d(128, 64, 4, stride=2, padding=1), nn.BatchNorm2d(64, eps=1e-3, momentum=0.01), nn.LeakyReLU(0.2),
        nn.ConvTranspose2d(64, 1, 4, stride=2, padding=1), nn.Tanh(),
    )
    d = nn.Sequential(
        nn.Conv2d(1, 64, 4, stride=2, padding=1), nn.LeakyReLU(0.2),
        nn.Conv2d(64, 128, 4, stride=2, padding=1), nn.LeakyReLU(0.2),
        nn.Flatten(), nn.Linear(7 * 7 * 128, 1),
    )
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999), eps=1e-7)
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999), eps=1e-7)
    bce = nn.BCEWithLogitsLoss()
    real = data * 2 - 1
    count = data.shape[0]
    ones = torch.ones(batch, 1)
    zeros = torch.zeros(batch, 1)
    n = [0]

    def step():
        start = (n[0] * batch) % (count - batch + 1)
        n[0] += 1
        x = real[start:start + batch]
        # D step: G's forward pass without a graph (the aeganc step differentiates over D only).
        with torch.no_grad():
            fake = g(torch.randn(batch, 100))
        opt_d.zero_grad(set_to_none=True)
        d_loss = bce(d(x), ones) + bce(d(fake), zeros)
        d_loss.backward()
        opt_d.step()
        # G step: fresh noise (a new step execution draws its latents again).
        opt_g.zero_grad(set_to_none=True)
        g_loss = bce(d(g(torch.randn(batch, 100))), ones)
        g_loss.backward()
        opt_g.step()
        return g_loss.item()

    return step


def main():
    torch.manual_seed(1)
    threads = int(os.environ.get("OMP_NUM_THREADS", "1"))
    torch.set_num_threads(threads)
    step = None
    for line in sys.stdin:
        request = json.loads(line)
        if "workload" in request:
            batch = request["batch"]
            data = images(max(1024, batch * 4))
            workload = request["workload"]
            if workload == "mlp-ae":
                step = autoencoder_step(mlp_ae(), data, batch)
            elif workload == "conv-ae":
                step = autoencoder_step(conv_ae(), data, batch)
            else:
                step = dcgan(data, batch)
            reply = {"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas_in_use()}
        elif "step" in request:
            started = time.perf_counter()
            loss = step()
            reply = {"ms": (time.perf_counter() - started) * 1000, "loss": loss}
        else:
            print(json.dumps({"maxRssKiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}), flush=True)
            return
        print(json.dumps(reply), flush=True)


main()
