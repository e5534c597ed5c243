#!/usr/bin/env bash
# Learning per iteration, across seeds: the learning benchmark's model and settings (settings.sh: 2x256,
# embedding 64, batch 50x50, Adam lr 2e-3, clip 5, no decay, dropout DROPOUT), trained for a fixed number of
# iterations with charrnn-train and with PyTorch 1.13 for each seed, then validated on the whole last 10 %.
# Iteration-bounded, so the losses do not depend on machine load; it shows whether a gap between the two is
# more than seed noise. Each pair runs side by side, one core and one thread each.
# SAME_INIT=1: both sides of a pair start from the same weights (PyTorch's init for that seed, written with
# charrnn-train's vocabulary by torch_charrnn.py --save-init) and train on the same token stream, so what is
# left between them is the engines' arithmetic (and, with dropout, their masks).
# Usage: [DROPOUT=0] [SAME_INIT=1] bench/learning/seeds.sh [ITERS=2000] [SEEDS="1 2 3"]
set -euo pipefail
cd "$(dirname "$0")/../.."
iters=${1:-2000}
seeds=${2:-1 2 3}
out=bench/results/learning-seeds-$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
source bench/learning/settings.sh

echo "dropout $dropout, ${iters} iterations, $([ "${SAME_INIT:-0}" = 1 ] && echo "same initial weights" || echo "each side's own init")"
echo "| seed | charrnn-train val nats/char | PyTorch 1.13 val nats/char |"
echo "| ---: | ---: | ---: |"
for seed in $seeds; do
  init=()
  if [ "${SAME_INIT:-0}" = 1 ]; then
    "${torch_cmd[@]}" --seed "$seed" --save-init "$out/init-$seed.safetensors"
    init=(--init-from "$out/init-$seed.safetensors")
  fi
  taskset -c 0 "${torch_cmd[@]}" --max-seconds 1e9 --max-iters "$iters" --seed "$seed" "${init[@]}" >"$out/pytorch-$seed.json" &
  torch_pid=$!
  taskset -c 1 "${ours_cmd[@]}" --out "$out/ours-$seed.safetensors" --eval-every "$iters" --threads 1 \
    --max-iters "$iters" --seed "$seed" "${init[@]}" >"$out/ours-$seed.log"
  wait "$torch_pid"
  ours=$(grep -o 'val loss [0-9.]*' "$out/ours-$seed.log" | tail -1 | cut -d' ' -f3)
  torch=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["val_loss_nats"])' "$out/pytorch-$seed.json")
  echo "| $seed | $ours | $torch |"
done
