#!/usr/bin/env bash
# Engine benchmark: our CPU engine vs PyTorch 1.13 on the same 2-layer LSTM language model
# (E = H, B = 50 streams x T = 50 steps, V = 65; one iteration = forward + backward + plain SGD update).
# Each process measures one configuration (so its peak RSS is that configuration's), with 2 warm-up
# iterations and REPS repetitions of ITERS iterations; the median repetition is reported.
# Usage: bench/engine-bench.sh [REPS=5] [ITERS=3] [SIZES="128 256 512"]
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${1:-5}
ITERS=${2:-3}
SIZES=${3:-128 256 512}
PYTHON=/usr/bin/python3

dotnet build -c Release bench/Engine -v quiet -nologo >&2
OURS="dotnet bench/Engine/bin/Release/net10.0/CharRnnLsp.Bench.Engine.dll"
RESULTS=$(mktemp)
trap 'rm -f "$RESULTS"' EXIT

for h in $SIZES; do
  $OURS train 2 "$h" 50 50 65 "$REPS" "$ITERS" 0 >>"$RESULTS"
  $OURS train 2 "$h" 50 50 65 "$REPS" "$ITERS" 1 >>"$RESULTS"
  $PYTHON bench/torch_train_speed.py train 2 "$h" 1 50 50 65 "$REPS" "$ITERS" >>"$RESULTS"
  $PYTHON bench/torch_train_speed.py train 2 "$h" 2 50 50 65 "$REPS" "$ITERS" >>"$RESULTS"
done
$OURS step 2 256 65 "$REPS" >>"$RESULTS"
$PYTHON bench/torch_train_speed.py step 2 256 1 >>"$RESULTS"

$PYTHON - "$RESULTS" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
train = [r for r in rows if r["kind"] == "train"]
print(f"load average at end: {open('/proc/loadavg').read().split()[0]} on {__import__('os').cpu_count()} cores\n")
print("| model | side | threads | chars/s (median) | vs torch 1 thread | peak RSS MB |")
print("|---|---|---|---|---|---|")
for h in sorted({r["hidden"] for r in train}):
    base = next(r["chars_per_s"] for r in train if r["hidden"] == h and r["side"] == "torch" and r["threads"] == 1)
    for r in (r for r in train if r["hidden"] == h):
        side = "ours (" + r["blas"] + ")" if r["side"] == "ours" else "PyTorch 1.13"
        print(f"| 2x{h} | {side} | {r['threads']} | {r['chars_per_s']} | {r['chars_per_s'] / base:.2f}x | {r['peak_rss_mb']} |")
print("\n| sampling 2x256, 1 stream | us/char (median) | peak RSS MB |")
print("|---|---|---|")
for r in (r for r in rows if r["kind"] == "step"):
    print(f"| {'ours' if r['side'] == 'ours' else 'PyTorch 1.13'} | {r['us_per_char']} | {r['peak_rss_mb']} |")
PY
