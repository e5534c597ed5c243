#!/usr/bin/env python3
"""The scaling model of docs/distributed.md, from a measured one-node training speed.

t_step(N) = t_compute / N + t_replicated + 2 (N-1)/N * 4P / bandwidth + 2 (N-1) * latency
t_compute: one node's time for the whole global batch (B*T chars / its measured chars/s);
t_replicated: the Adam step every rank does over all P parameters (7 arrays of P floats through memory);
N stops at B (--streams), one stream per rank. Prints, per model and link speed, the step time and speed-up at some N,
and N* where the all-reduce takes as long as the computation (parallel efficiency under 50% from there on).
Usage: scaling-model.py NAME:PARAMS:CHARS_PER_SECOND ... [--batch-chars 2500] [--streams 50]
       [--latency-us 25] [--memory-gbs 10]
"""
import argparse

parser = argparse.ArgumentParser()
parser.add_argument("models", nargs="+", help="NAME:PARAMETERS:ONE_NODE_CHARS_PER_SECOND")
parser.add_argument("--batch-chars", type=float, default=2500)
parser.add_argument("--streams", type=int, default=50)
parser.add_argument("--latency-us", type=float, default=25)
parser.add_argument("--memory-gbs", type=float, default=10)
args = parser.parse_args()

print("| model | gradient per step | link | t_compute, 1 node | all-reduce at N = 16 | N* (all-reduce = compute) "
      f"| speed-up at N = 4 / 8 / 16 / {args.streams} |")
print("| --- | ---: | --- | ---: | ---: | ---: | --- |")
for spec in args.models:
    name, params, rate = spec.split(":")
    params, rate = float(params), float(rate)
    compute = args.batch_chars / rate
    replicated = 7 * 4 * params / (args.memory_gbs * 1e9)
    for gbits in (10, 100):
        bandwidth = gbits * 1e9 / 8
        def allreduce(n): return 2 * (n - 1) / n * 4 * params / bandwidth + 2 * (n - 1) * args.latency_us * 1e-6
        def step(n): return compute / n + (replicated if n > 1 else 0) + (allreduce(n) if n > 1 else 0)
        crossing = next((n for n in range(2, args.streams + 1) if allreduce(n) >= compute / n), None)
        speedups = " / ".join(f"{step(1) / step(n):.1f}x" for n in (4, 8, 16, args.streams))
        print(f"| {name} ({params / 1e6:.1f} M parameters) | {4 * params / 1e6:.1f} MB | {gbits} Gbit/s | {compute:.2f} s "
              f"| {allreduce(16) * 1e3:.1f} ms | {crossing or f'> {args.streams} (batch-bound)'} | {speedups} |")
