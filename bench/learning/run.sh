#!/usr/bin/env bash
# Learning benchmark (issue: "at least as low a validation loss as PyTorch in the same time").
# Trains a 2x256 LSTM (embedding 64, batch 50x50, Adam lr 2e-3, clip 5) on tiny-shakespeare for the same
# wall-clock budget with charrnn-train and with PyTorch 1.13's nn.LSTM, in ONE run, side by side:
# each pinned to its own core (taskset), one thread each, so background load hits both alike.
# Validation: the last 10 % of the text, whole split, nats/char, every EVAL_EVERY iterations (default 500,
# the same for both sides, inside the time budget) and at the end; both the final and the best loss are
# reported (no dropout: a 2x256 model overfits tiny-shakespeare within 15 minutes, and charrnn-train keeps
# the best checkpoint). Usage: bench/learning/run.sh [SECONDS]
# MODE=sequential instead runs them one after the other, each with the whole machine: PyTorch with one
# thread (its fastest setting here), then charrnn-train with its default threads (all cores). This is the
# issue's own framing; it needs a quiet machine, since load is not shared alike.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-900}
eval_every=${EVAL_EVERY:-500}
seed=${SEED:-1}
mode=${MODE:-side-by-side}
case "$mode" in
  side-by-side) torch_cpu=(taskset -c 0); ours_cpu=(taskset -c 1); ours_threads=(--threads 1) ;;
  sequential) torch_cpu=(); ours_cpu=(); ours_threads=() ;;
  *) echo "MODE must be side-by-side or sequential, not '$mode'" >&2; exit 2 ;;
esac

out=bench/results/learning-$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
source bench/learning/settings.sh

run_torch() {
  "${torch_cpu[@]}" "${torch_cmd[@]}" --max-seconds "$seconds" --eval-every "$eval_every" --seed "$seed" >"$out/pytorch.json"
}
run_ours() {
  "${ours_cpu[@]}" "${ours_cmd[@]}" --out "$out/ours.safetensors" --eval-every "$eval_every" --seed "$seed" "${ours_threads[@]}" \
    --max-time "${seconds}s" >"$out/ours.log"
}

if [ "$mode" = sequential ]; then
  run_torch
  run_ours
else
  run_torch &
  torch_pid=$!
  run_ours
  wait "$torch_pid"
fi

ours_final=$(grep -o 'val loss [0-9.]* nats/char = [0-9.]* bits/char' "$out/ours.log" | tail -1)
ours_best=$(grep -o 'best val loss [0-9.]* nats/char' "$out/ours.log" | tail -1)
echo "budget ${seconds}s per side, mode $mode, dropout $dropout, seed $seed, validation every $eval_every iterations"
echo "pytorch: $(cat "$out/pytorch.json")"
echo "ours:    final $ours_final, $ours_best ($(grep -o 'after [0-9]* iterations' "$out/ours.log" | tail -1))"
