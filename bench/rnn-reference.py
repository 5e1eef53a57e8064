"""Reference timings for bench/rnn.bench.ts (prints JSON on stdout).

1. One BPTT training iteration in PyTorch on the CPU with one thread, in float32 (PyTorch's default) and float64:
   leaky tanh RNN in voltage form (alpha = 1), N = 200, batch 32, T = 100, 3 inputs, 1 output, MSE, Adam --
   forward, backward, optimiser step. Median wall time and median CPU time of the process (the CPU time is less
   disturbed by other processes on a shared machine).
2. lambda_max by plain renormalisation for N = 200, g = 1.5, tanh, alpha = 1, 3000 steps, in numpy (skipped with
   --bptt-only).

Run: /usr/bin/python3 bench/rnn-reference.py [--bptt-only]
"""
import json
import sys
import time

import numpy as np
import torch

torch.set_num_threads(1)
N, B, T, NIN, NOUT = 200, 32, 100, 3, 1


def median_times(fn, repeats):
    """Median wall and CPU seconds of fn over `repeats` runs after two warm-up runs."""
    fn()
    fn()
    wall, cpu = [], []
    for _ in range(repeats):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    return float(np.median(wall)), float(np.median(cpu))


def bptt_iteration(dtype):
    g = torch.Generator().manual_seed(1)
    w = (1.5 / N ** 0.5 * torch.randn(N, N, generator=g, dtype=dtype)).requires_grad_()
    u = (torch.randn(N, NIN, generator=g, dtype=dtype) / NIN ** 0.5).requires_grad_()
    b = torch.zeros(N, dtype=dtype, requires_grad=True)
    v = (torch.randn(NOUT, N, generator=g, dtype=dtype) / N ** 0.5).requires_grad_()
    c = torch.zeros(NOUT, dtype=dtype, requires_grad=True)
    x = torch.randn(T, B, NIN, generator=g, dtype=dtype)
    target = torch.randn(T, B, NOUT, generator=g, dtype=dtype)
    opt = torch.optim.Adam([w, u, b, v, c], lr=1e-4)

    def iteration():
        a = torch.zeros(B, N, dtype=dtype)
        h = torch.tanh(a)
        ys = []
        for t in range(T):
            a = h @ w.T + x[t] @ u.T + b  # alpha = 1
            h = torch.tanh(a)
            ys.append(h @ v.T + c)
        loss = ((torch.stack(ys) - target) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()

    return median_times(iteration, 15)


def lambda_max_seconds():
    rng = np.random.default_rng(2)
    w = 1.5 / np.sqrt(N) * rng.standard_normal((N, N))

    def loop():
        a = rng.standard_normal(N)
        q = rng.standard_normal(N)
        q /= np.linalg.norm(q)
        total = 0.0
        for _ in range(3000):
            h = np.tanh(a)
            q = w @ ((1 - h * h) * q)
            a = w @ h
            norm = np.linalg.norm(q)
            total += np.log(norm)
            q /= norm
        return total / 3000

    return median_times(loop, 7)[0]


if __name__ == "__main__":
    out = {"torchVersion": torch.__version__, "torchThreads": torch.get_num_threads()}
    for name, dtype in (("Float32", torch.float32), ("Float64", torch.float64)):
        wall, cpu = bptt_iteration(dtype)
        out[f"bptt{name}Seconds"] = wall
        out[f"bptt{name}CpuSeconds"] = cpu
    if "--bptt-only" not in sys.argv:
        out["numpyLambdaMax3000StepsSeconds"] = lambda_max_seconds()
    print(json.dumps(out))
