#!/usr/bin/env bash
# Builds charrnn-lsp (Release), trains a 2x256 LSTM checkpoint briefly, extracts a real C file from the Linux source tarball
# (or uses $BENCH_C_FILE), and runs bench.mjs. Results: stdout and bench/results/server-latency.json.
# BIG_DOCUMENT_MB=N types into one N-megabyte document instead: the kernel/ directory's C files, concatenated in name
# order and cut at N MB (the latency of a keystroke should not grow with the document).
# MODEL=path serves that checkpoint instead of training one. ADAPTED_DOCUMENTS=N opens N-1 other C files of kernel/ first
# and waits until the server has adapted all N documents (docs/server.md, "Adaptation"), then types as usual.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build "$root/src/Server" -c Release -o "$work/server" -v q --nologo >/dev/null
dotnet build "$root/src/Training" -c Release -o "$work/trainer" -v q --nologo >/dev/null
c_file=${BENCH_C_FILE:-}
if [ -z "$c_file" ]; then
  tarball=/usr/src/linux-source-6.1.tar.xz
  [ -f "$tarball" ] || { echo "no $tarball (apt-get install linux-source-6.1): set BENCH_C_FILE to any C file" >&2; exit 1; }
  if [ -n "${BIG_DOCUMENT_MB:-}" ]; then
    tar -xJf "$tarball" -C "$work" linux-source-6.1/kernel
    c_file="$work/kernel-${BIG_DOCUMENT_MB}mb.c"
    find "$work/linux-source-6.1/kernel" -name '*.c' | LC_ALL=C sort | xargs cat > "$work/kernel-all.c"
    head -c $((BIG_DOCUMENT_MB * 1000000)) "$work/kernel-all.c" > "$c_file"
  else
    tar -xJf "$tarball" -C "$work" linux-source-6.1/kernel/sched/core.c
    c_file="$work/linux-source-6.1/kernel/sched/core.c"
  fi
fi
# A real 2x256 model from charrnn-train (latency depends on the shape, not on how long it trained), trained on the
# document's first megabyte (the trainer skips larger files).
model=${MODEL:-}
if [ -z "$model" ]; then
  model="$work/model.safetensors"
  mkdir -p "$work/corpus" && head -c 1000000 "$c_file" | iconv -f utf-8 -t utf-8 -c > "$work/corpus/$(basename "$c_file")"
  dotnet "$work/trainer/charrnn-train.dll" "$work/corpus" --out "$model" --preset medium \
    --max-iters 20 --eval-every 20 --sample-every 0 --quiet >/dev/null
fi
others=()
if [ "${ADAPTED_DOCUMENTS:-1}" -gt 1 ]; then
  tar -xJf /usr/src/linux-source-6.1.tar.xz -C "$work" linux-source-6.1/kernel/sched
  mapfile -t others < <(find "$work/linux-source-6.1/kernel/sched" -name '*.c' ! -name core.c | LC_ALL=C sort | head -n $((ADAPTED_DOCUMENTS - 1)))
fi
(cd "$here" && npm ci --no-audit --no-fund --silent)
node "$here/bench.mjs" "$work/server/charrnn-lsp" "$model" "$c_file" "${KEYSTROKES:-600}" "${others[@]}"
