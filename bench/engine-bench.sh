#!/usr/bin/env bash
# Engine benchmark: our CPU engines (managed: OpenBLAS or managed SIMD; oneDNN: libdnnl.so.2's LSTM primitives)
# vs PyTorch 1.13 and, with LIBTORCH=1, LibTorch 2.10 (TorchSharp-cpu 0.107, bench/TorchSharp) on the same
# 2-layer LSTM language model (E = H, B = 50 streams x T = 50 steps, V = 65; one iteration = forward + backward
# + plain SGD update). Each process measures one configuration (so its peak RSS is that configuration's), with
# 2 warm-up iterations and REPS repetitions of ITERS iterations, and reports its median repetition. ROUNDS
# rounds run every process once, interleaving all sides so that load from other programs on a shared machine
# hits them alike; the table shows the median over rounds.
# PyTorch runs with OPENBLAS_NUM_THREADS equal to its thread count (with 1 it otherwise uses ~1.5 cores).
# LibTorch as shipped does not load on Debian 12 (libLibTorchSharp.so needs GLIBCXX_3.4.32 for a symbol it never
# calls): the bench marks that version requirement weak in its build output (bench/TorchSharp/weaken_version_need.py)
# and runs it twice: "shipped" as is, "tuned" with LIBTORCH_TUNABLES, which stop glibc from mapping and faulting
# in fresh pages for the weight buffers oneDNN reallocates on every call.
# Usage: [LIBTORCH=1] bench/engine-bench.sh [ROUNDS=3] [REPS=3] [ITERS=3] [SIZES="128 256 512"] [THREADS="1 2"]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
REPS=${2:-3}
ITERS=${3:-3}
SIZES=${4:-128 256 512}
THREADS=${5:-1 2}
LIBTORCH=${LIBTORCH:-0}
LIBTORCH_TUNABLES=glibc.malloc.mmap_threshold=1073741824:glibc.malloc.trim_threshold=1073741824
PYTHON=/usr/bin/python3

dotnet build -c Release bench/Engine -v quiet -nologo >&2
OURS="dotnet bench/Engine/bin/Release/net10.0/CharRnnLsp.Bench.Engine.dll"
if [ "$LIBTORCH" = 1 ]; then
  dotnet build -c Release bench/TorchSharp -v quiet -nologo >&2
  out=bench/TorchSharp/bin/Release/net10.0
  $PYTHON bench/TorchSharp/weaken_version_need.py "$out/runtimes/linux-x64/native/libLibTorchSharp.so" \
    "$out/runtimes/linux-x64/native/libLibTorchSharp.so" GLIBCXX_3.4.32
  TORCHSHARP="dotnet $out/CharRnnLsp.Bench.TorchSharp.dll"
fi
RESULTS=$(mktemp)
trap 'rm -f "$RESULTS"' EXIT

for round in $(seq "$ROUNDS"); do
  echo "round $round of $ROUNDS" >&2
  for h in $SIZES; do
    for t in $THREADS; do
      $OURS train 2 "$h" 50 50 65 "$REPS" "$ITERS" "$t" managed >>"$RESULTS"
      $OURS train 2 "$h" 50 50 65 "$REPS" "$ITERS" "$t" onednn >>"$RESULTS"
      if [ "$LIBTORCH" = 1 ]; then
        GLIBC_TUNABLES=$LIBTORCH_TUNABLES $TORCHSHARP train 2 "$h" "$t" tuned 50 50 65 "$REPS" "$ITERS" >>"$RESULTS"
        $TORCHSHARP train 2 "$h" "$t" shipped 50 50 65 "$REPS" "$ITERS" >>"$RESULTS"
      fi
      OPENBLAS_NUM_THREADS=$t $PYTHON bench/torch_train_speed.py train 2 "$h" "$t" 50 50 65 "$REPS" "$ITERS" >>"$RESULTS"
    done
  done
  $OURS step 2 256 65 "$REPS" >>"$RESULTS"
  OPENBLAS_NUM_THREADS=1 $PYTHON bench/torch_train_speed.py step 2 256 1 >>"$RESULTS"
done

$PYTHON bench/engine_bench_table.py "$RESULTS"
