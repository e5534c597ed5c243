#!/usr/bin/env bash
# Builds charrnn-lsp (Release), makes a 2x256 LSTM checkpoint, extracts a real C file from the Linux source tarball
# (or uses $BENCH_C_FILE), and runs bench.mjs. Results: stdout and bench/results/server-latency.json.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build "$root/src/Server" -c Release -o "$work/server" -v q --nologo >/dev/null
dotnet build "$root/tests/lsp-clients/make-checkpoint" -c Release -o "$work/mk" -v q --nologo >/dev/null
c_file=${BENCH_C_FILE:-}
if [ -z "$c_file" ]; then
  tarball=/usr/src/linux-source-6.1.tar.xz
  [ -f "$tarball" ] || { echo "no $tarball: set BENCH_C_FILE to any C file" >&2; exit 1; }
  tar -xJf "$tarball" -C "$work" linux-source-6.1/kernel/sched/core.c
  c_file="$work/linux-source-6.1/kernel/sched/core.c"
fi
"$work/mk/make-checkpoint" "$c_file" "$work/model.safetensors" 256 2
(cd "$here" && npm ci --no-audit --no-fund --silent)
node "$here/bench.mjs" "$work/server/charrnn-lsp" "$work/model.safetensors" "$c_file" "${KEYSTROKES:-600}"
