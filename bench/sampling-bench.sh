#!/usr/bin/env bash
# Sampling benchmark: the single-stream step of a 2-layer LSTM language model (E = H, V = 65) as `charrnn-train sample`
# and the language server run it, in us per character: our fp32 reference step (CharModel.Step), the packed
# InferenceModel at fp32, bf16 and int8 (AVX-512, and int8 on the Vector256 fallback), several streams stepped
# together (a request's choices), and PyTorch 1.13 stepping nn.LSTM one character at a time on one thread.
# Each process measures one variant: 500 warm-up steps, then REPS timings of CHARS steps, its median. ROUNDS rounds run
# every variant once, interleaved, so load from other programs hits all alike; the table shows the median over rounds.
# Wall-clock us/char is the figure; CPU us/char (process CPU time) is shown beside it because on a loaded machine the
# wall clock also counts the time a process waited for a core.
# Usage: bench/sampling-bench.sh [ROUNDS=3] [REPS=5] [CHARS=2000] [HIDDEN=256]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
REPS=${2:-5}
CHARS=${3:-2000}
HIDDEN=${4:-256}

dotnet build -c Release bench/Engine -v quiet -nologo >&2
OURS="dotnet bench/Engine/bin/Release/net10.0/CharRnnLsp.Bench.Engine.dll step 2 $HIDDEN 65 $REPS $CHARS"
RESULTS=$(mktemp)
trap 'rm -f "$RESULTS"' EXIT

for round in $(seq "$ROUNDS"); do
  echo "round $round of $ROUNDS (load $(cut -d' ' -f1 /proc/loadavg))" >&2
  $OURS reference 1 >>"$RESULTS"
  for precision in fp32 bf16 int8; do $OURS "$precision" 1 >>"$RESULTS"; done
  $OURS int8 1 256 >>"$RESULTS"
  for streams in 3 8; do $OURS bf16 "$streams" >>"$RESULTS"; $OURS int8 "$streams" >>"$RESULTS"; done
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/torch_train_speed.py step 2 "$HIDDEN" 1 50 50 65 "$REPS" >>"$RESULTS"
done

/usr/bin/python3 - "$RESULTS" <<'PY'
import json, os, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    if line.startswith("{"):
        r = json.loads(line)
        key = (r.get("precision", "PyTorch 1.13"), r.get("simd", "nn.LSTM, 1 thread"), r.get("streams", 1))
        rows.setdefault(key, []).append(r)
print(f"load average at end: {open('/proc/loadavg').read().split()[0]} on {os.cpu_count()} cores; medians over {max(len(v) for v in rows.values())} rounds\n")
print("| step | weights | SIMD | streams | us/char (median) | CPU us/char | us/step | vs fp32 reference |")
print("|---|---|---|---:|---:|---:|---:|---:|")
reference = statistics.median(r["us_per_char"] for r in rows[("reference", "managed Vector256 GEMV", 1)])
for (precision, simd, streams), same in rows.items():
    per_char = statistics.median(r["us_per_char"] for r in same)
    per_step = statistics.median(r.get("us_per_step", r["us_per_char"]) for r in same)
    cpu = statistics.median(r["cpu_us_per_char"] for r in same)
    who = "PyTorch 1.13" if precision == "PyTorch 1.13" else ("ours, CharModel.Step" if precision == "reference" else "ours, InferenceModel")
    weights = "fp32" if precision in ("reference", "PyTorch 1.13") else precision
    print(f"| {who} | {weights} | {simd} | {streams} | {per_char:.1f} | {cpu:.1f} | {per_step:.1f} | {reference / per_char:.2f}x |")
PY
