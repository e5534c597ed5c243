#!/usr/bin/env bash
# The whole-tree corpus measurements of docs/benchmarks.md ("Corpus: the whole Linux tree").
# Usage: bench/corpus/run.sh TREE [ROUNDS]   (TREE e.g. Debian's linux-source-6.1, unpacked; ROUNDS default 2)
# Prints, per step, the summary and first lines of charrnn-train and /usr/bin/time -v's peak RSS and wall time:
#   1. first run (no cache): reading + encoding speed (the corpus line), peak RSS of reading + 40 iterations of 2x128
#   2. second run (cache): seconds from start to the first iteration line
#   3. training chars/s on the whole tree against a small corpus (this repository's src/), interleaved ROUNDS times
set -euo pipefail
tree=${1:?usage: bench/corpus/run.sh TREE [ROUNDS]}
rounds=${2:-2}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${BENCH_WORK:-/tmp/charrnn-corpus-bench}
rm -rf "$work" && mkdir -p "$work"
dotnet publish "$root/src/Training" -c Release -o "$work/bin" --nologo -v q >/dev/null
train="$work/bin/charrnn-train"
common=(--preset small --sample-every 0 --log-every 1 --threads 2)
uptime

stamped() { # runs "$@", prefixing each output line with the seconds since start
  local start; start=$(date +%s.%N)
  "$@" 2>&1 | while IFS= read -r line; do printf '%6.2f %s\n' "$(echo "$(date +%s.%N) - $start" | bc)" "$line"; done
}

echo "== 1. first run, no cache (reading + encoding, then 40 iterations)"
rm -rf "$work/full.corpus-cache"
/usr/bin/time -v "$train" "$tree" --no-gitignore --out "$work/full.safetensors" --max-iters 40 --eval-every 1000 "${common[@]}" \
  > "$work/first.log" 2> "$work/first.time" || { cat "$work/first.log" "$work/first.time"; exit 1; }
grep -E "^corpus|cache:|^data:" "$work/first.log"
grep -E "Maximum resident|Elapsed \(wall" "$work/first.time"

echo "== 2. second run with the cache: time to the first iteration"
stamped "$train" "$tree" --no-gitignore --out "$work/full.safetensors" --resume --max-iters 41 --eval-every 1000 "${common[@]}" \
  | grep -E "cache:|iter +41" | head -3

echo "== 3. training chars/s, 2x128 (the average over 60 iterations), whole tree vs $root/src, $rounds rounds interleaved"
for r in $(seq "$rounds"); do
  for corpus in full small; do
    path=$tree; [ "$corpus" = small ] && path=$root/src
    "$train" "$path" --no-gitignore --out "$work/$corpus.safetensors" --max-iters 60 --eval-every 100000 "${common[@]}" \
      | grep -E "^iter +60 " | sed "s/^/round $r $corpus: /"
  done
done
