#!/usr/bin/env bash
# Engine benchmark: our CPU engine vs PyTorch 1.13 on the same 2-layer LSTM language model
# (E = H, B = 50 streams x T = 50 steps, V = 65; one iteration = forward + backward + plain SGD update).
# Each process measures one configuration (so its peak RSS is that configuration's), with 2 warm-up
# iterations and REPS repetitions of ITERS iterations, and reports its median repetition. ROUNDS rounds
# run every process once, interleaving ours and PyTorch so that load from other programs on a shared
# machine hits both sides alike; the table shows the median over rounds.
# Usage: bench/engine-bench.sh [ROUNDS=3] [REPS=3] [ITERS=3] [SIZES="128 256 512"]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
REPS=${2:-3}
ITERS=${3:-3}
SIZES=${4:-128 256 512}
PYTHON=/usr/bin/python3

dotnet build -c Release bench/Engine -v quiet -nologo >&2
OURS="dotnet bench/Engine/bin/Release/net10.0/CharRnnLsp.Bench.Engine.dll"
RESULTS=$(mktemp)
trap 'rm -f "$RESULTS"' EXIT

for round in $(seq "$ROUNDS"); do
  echo "round $round of $ROUNDS" >&2
  for h in $SIZES; do
    $OURS train 2 "$h" 50 50 65 "$REPS" "$ITERS" 0 >>"$RESULTS"
    $PYTHON bench/torch_train_speed.py train 2 "$h" 1 50 50 65 "$REPS" "$ITERS" >>"$RESULTS"
    $OURS train 2 "$h" 50 50 65 "$REPS" "$ITERS" 1 >>"$RESULTS"
    $PYTHON bench/torch_train_speed.py train 2 "$h" 2 50 50 65 "$REPS" "$ITERS" >>"$RESULTS"
  done
  $OURS step 2 256 65 "$REPS" >>"$RESULTS"
  $PYTHON bench/torch_train_speed.py step 2 256 1 >>"$RESULTS"
done

$PYTHON - "$RESULTS" <<'PY'
import json, os, statistics, sys
raw = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
groups = {}
for r in raw:
    groups.setdefault((r["kind"], r["hidden"], r["side"], r["threads"] if "threads" in r else 1), []).append(r)
rows = []
for same in groups.values():  # median over rounds, worst peak RSS
    merged = dict(same[0])
    for key in ("chars_per_s", "us_per_char"):
        if key in merged:
            merged[key] = statistics.median(r[key] for r in same)
    merged["peak_rss_mb"] = max(r["peak_rss_mb"] for r in same)
    merged["rounds"] = len(same)
    rows.append(merged)
train = [r for r in rows if r["kind"] == "train"]
print(f"load average at end: {open('/proc/loadavg').read().split()[0]} on {os.cpu_count()} cores; medians over {max(r['rounds'] for r in rows)} rounds\n")
print("| model | side | threads | chars/s (median) | vs torch 1 thread | peak RSS MB |")
print("|---|---|---|---|---|---|")
for h in sorted({r["hidden"] for r in train}):
    base = next(r["chars_per_s"] for r in train if r["hidden"] == h and r["side"] == "torch" and r["threads"] == 1)
    for r in (r for r in train if r["hidden"] == h):
        side = "ours (" + r["blas"] + ")" if r["side"] == "ours" else "PyTorch 1.13"
        print(f"| 2x{h} | {side} | {r['threads']} | {r['chars_per_s']:.0f} | {r['chars_per_s'] / base:.2f}x | {r['peak_rss_mb']} |")
print("\n| sampling 2x256, 1 stream | us/char (median) | peak RSS MB |")
print("|---|---|---|")
for r in (r for r in rows if r["kind"] == "step"):
    print(f"| {'ours' if r['side'] == 'ours' else 'PyTorch 1.13'} | {r['us_per_char']} | {r['peak_rss_mb']} |")
PY
