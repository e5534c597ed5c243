#!/usr/bin/env bash
# User-level ghost-text benchmark (docs/benchmarks.md, "Ghost text as a user sees it"): builds charrnn-lsp (Release)
# and runs userlevel.mjs against MODEL on FILE... (files the model never trained on).
# Usage: bench/Server/userlevel.sh MODEL FILE [FILE...] [--cursors N] [--seed S] [--configs static,adapted] [--decodings sample,greedy,beam]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ $# -ge 2 ] || { echo "usage: $0 MODEL FILE [FILE...] [options of userlevel.mjs]" >&2; exit 2; }
[ -f "$1" ] || { echo "no model at $1" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build "$root/src/Server" -c Release -o "$work/server" -v q --nologo >/dev/null
(cd "$here" && npm ci --no-audit --no-fund --silent)
node "$here/userlevel.mjs" "$work/server/charrnn-lsp" "$@"
