"""The table of bench/engine-bench.sh: reads its JSON lines (one per process and round) and prints, per model and
thread count, the median chars/s over rounds of every side, and our best engine's ratio to tuned LibTorch 2.10
(when it ran) or else to PyTorch 1.13; then single-stream sampling latency. usage: engine_bench_table.py RESULTS"""
import json
import os
import statistics
import sys


def side_of(r):
    if r["side"] == "ours":
        return "ours oneDNN" if r.get("engine", "").startswith("oneDNN") else "ours managed"
    if r["side"] == "libtorch":
        return f"LibTorch 2.10 {r['variant']}"
    return "PyTorch 1.13"


def main():
    raw = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
    groups = {}
    for r in raw:
        groups.setdefault((r["kind"], r["hidden"], side_of(r), r.get("threads", 1)), []).append(r)
    rate = {k: statistics.median(r["chars_per_s"] for r in v) for k, v in groups.items() if k[0] == "train"}
    rss = {k: max(r["peak_rss_mb"] for r in v) for k, v in groups.items()}
    rounds = max(len(v) for v in groups.values())
    sides = [s for s in ("ours managed", "ours oneDNN", "LibTorch 2.10 tuned", "LibTorch 2.10 shipped", "PyTorch 1.13")
             if any(k[2] == s for k in rate)]
    reference = "LibTorch 2.10 tuned" if "LibTorch 2.10 tuned" in sides else "PyTorch 1.13"
    print(f"load average at end: {open('/proc/loadavg').read().split()[0]} on {os.cpu_count()} cores; "
          f"medians over {rounds} rounds; chars/s (peak RSS MB)\n")
    print("| model | threads | " + " | ".join(sides) + f" | best ours / {reference} |")
    print("|---|---:|" + "---:|" * len(sides) + "---:|")
    for h, t in sorted({(k[1], k[3]) for k in rate}):
        cells = [f"{rate[('train', h, s, t)]:,.0f} ({rss[('train', h, s, t)]:.0f})" if ("train", h, s, t) in rate else "-"
                 for s in sides]
        ours = max(rate.get(("train", h, s, t), 0) for s in ("ours managed", "ours oneDNN"))
        ratio = ours / rate[("train", h, reference, t)] if ("train", h, reference, t) in rate else float("nan")
        print(f"| 2x{h} | {t} | " + " | ".join(cells) + f" | {ratio:.2f}x |")
    steps = [(k, v) for k, v in groups.items() if k[0] == "step"]
    if steps:
        print("\n| sampling 2x256, 1 stream | us/char (median) | peak RSS MB |")
        print("|---|---|---|")
        for k, v in steps:
            print(f"| {'ours' if k[2].startswith('ours') else k[2]} | {statistics.median(r['us_per_char'] for r in v)} | {rss[k]:.0f} |")


if __name__ == "__main__":
    main()
