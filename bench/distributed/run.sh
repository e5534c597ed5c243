#!/usr/bin/env bash
# Data-parallel throughput on this machine: charrnn-train as 2 MPI ranks x 1 thread, 1 process x 1 thread and
# 1 process x 2 threads, same global batch (50 streams x 50 steps), same model, interleaved round by round so
# that load from other programs hits all three alike; prints each round's training chars/s (measured from
# iteration 2 to the last, so start-up and the first iteration are left out), the medians, their ratios,
# and the load average before each round.
# Usage: [ENGINE=cpu|onednn] bench/distributed/run.sh [ROUNDS=3] [ITERS=12] [SHAPE="2 512 64" (layers hidden embedding)]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}
ITERS=${2:-12}
read -r LAYERS HIDDEN EMBEDDING <<<"${3:-2 512 64}"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

dotnet build -c Release src/Training -v quiet -nologo >&2
TRAIN="dotnet src/Training/bin/Release/net10.0/charrnn-train.dll"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# The same engine on every side (ENGINE=cpu: the managed one, the default; onednn), so the ratios measure data
# parallelism, not a change of engine.
ENGINE=${ENGINE:-cpu}
ARGS=(src --device "$ENGINE" --layers "$LAYERS" --hidden "$HIDDEN" --embedding "$EMBEDDING" --batch 50 --seq 50 --max-iters "$ITERS"
      --log-every 1 --eval-every 100000 --eval-chars 1000 --sample-every 0 --progress json)

run() { # NAME COMMAND...: one JSON line {"config", "charsPerSecond"}
  local name=$1; shift
  "$@" "${ARGS[@]}" --out "$WORK/$name/m.safetensors" | /usr/bin/python3 -c '
import json, sys
events = [json.loads(l[l.index("{"):]) for l in sys.stdin if "\"event\":\"iteration\"" in l]
(k1, r1), (k2, r2) = [(e["iteration"], e["charsPerSecond"]) for e in (events[1], events[-1])]
chars = 50 * 50
print(json.dumps({"config": sys.argv[1], "charsPerSecond": (k2 - k1) * chars / (k2 * chars / r2 - k1 * chars / r1)}))' "$name"
}

RESULTS=$WORK/results.jsonl
for round in $(seq "$ROUNDS"); do
  echo "round $round of $ROUNDS, load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  run "2 ranks x 1 thread" mpirun --oversubscribe --bind-to none -np 2 $TRAIN --threads 1 >>"$RESULTS"
  run "1 process x 1 thread" $TRAIN --threads 1 >>"$RESULTS"
  run "1 process x 2 threads" $TRAIN --threads 2 >>"$RESULTS"
  tail -3 "$RESULTS" >&2
done

/usr/bin/python3 - "$RESULTS" "$LAYERS x $HIDDEN" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
median = {c: statistics.median(r["charsPerSecond"] for r in rows if r["config"] == c) for c in dict.fromkeys(r["config"] for r in rows)}
base = median["1 process x 1 thread"]
print(f"| {sys.argv[2]}, batch 50 x 50 | chars/s (median of {len(rows) // len(median)}) | vs 1 process x 1 thread |")
print("| --- | ---: | ---: |")
for c, v in median.items(): print(f"| {c} | {v:,.0f} | {v / base:.2f}x |")
PY
