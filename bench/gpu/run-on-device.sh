#!/usr/bin/env bash
# On the lent GPU machine (device tool, repository root, .gpu carried; see pack.sh): runs the CUDA tests,
# then ROUNDS rounds of the throughput benchmark, ours and PyTorch's nn.LSTM (cuDNN) interleaved, on the
# same model and batch (3x512, embedding 64, V 65, batch 100 x seq 100, Adam, clipping at 5), and prints
# the medians and their ratio. Everything is also written under $OUT when that is set.
# Usage: bench/gpu/run-on-device.sh [ROUNDS=3] [REPS=5] [ITERS=20] [TF32=0]
# Each stage has its own time limit, so a hang in one (a stuck CUDA call) still leaves the others' results
# within the device tool's 10 minutes a command.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}; REPS=${2:-5}; ITERS=${3:-20}; TF32=${4:-0}
OUT=${OUT:-$(mktemp -d)}
PACK=/tmp/charrnn-pack
rm -rf "$PACK" && mkdir -p "$PACK" && tar -C "$PACK" -xJf .gpu/pack.tar.xz
export CHARRNN_KERNEL_CACHE=/tmp/charrnn-kernels
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$OUT/gpu.txt"

echo "== CUDA tests"
timeout 300 "$PACK/CharRnnLsp.Cuda.Tests" 2>&1 | tee "$OUT/tests.txt"
tests_status=${PIPESTATUS[0]}

echo "== throughput: $ROUNDS rounds"
results="$OUT/bench.jsonl"
: > "$results"
for round in $(seq "$ROUNDS"); do
  timeout 90 "$PACK/CharRnnLsp.Bench.Engine" cuda 3 512 100 100 65 64 "$REPS" "$ITERS" "$TF32" | grep '^{' >> "$results"
  timeout 90 python3 bench/gpu/torch_cuda_speed.py 3 512 100 100 65 64 "$REPS" "$ITERS" "$TF32" | grep '^{' >> "$results"
done
python3 - "$results" <<'PY' | tee "$OUT/summary.txt"
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
missing = [side for side in ("ours", "pytorch") if not any(r["side"] == side for r in rows)]
if missing:
    sys.exit(f"no benchmark results from {' and '.join(missing)}: see the output above")
for side in ("ours", "pytorch"):
    rates = [r["chars_per_s"] for r in rows if r["side"] == side]
    print(f"{side:8} median {statistics.median(rates):>12,.0f} chars/s over {len(rates)} rounds {rates}  ({next(r['device'] for r in rows if r['side'] == side)})")
ours = statistics.median(r["chars_per_s"] for r in rows if r["side"] == "ours")
theirs = statistics.median(r["chars_per_s"] for r in rows if r["side"] == "pytorch")
print(f"ratio ours / pytorch: {ours / theirs:.2f}x")
print("our libraries:", ", ".join(next(r["libraries"] for r in rows if r["side"] == "ours")))
PY
exit "$tests_status"
