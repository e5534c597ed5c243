#!/usr/bin/env bash
# charrnn-train and charrnn-lsp as .NET tools, the way the README's quick start installs them: `dotnet pack`
# both into a temporary folder, `dotnet tool install` them into a temporary tool path, then train a tiny
# model, sample from it and start the server's command line. Ends with "tool-install: PASSED" (scripts/test.sh
# counts it). Needs the solution built in Release (scripts/test.sh does that first).
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== packing charrnn-train and charrnn-lsp"
for project in src/Training src/Server; do
  dotnet pack "$project" -c Release --no-build --nologo -v q -o "$work/packages"
done
ls "$work/packages"

echo "== installing into a temporary tool path"
for tool in charrnn-train charrnn-lsp; do
  dotnet tool install --tool-path "$work/tools" --add-source "$work/packages" "$tool"
done
train="$work/tools/charrnn-train"

"$train" --help | grep -q 'sample <CHECKPOINT>' || { echo "charrnn-train --help does not list the verbs"; exit 1; }
"$train" train --help | grep -q -- '--progress <text|json>' || { echo "charrnn-train train --help does not list its options"; exit 1; }

echo "== training a tiny model with the installed tool"
mkdir "$work/corpus"
cp src/Training/Cli/*.cs "$work/corpus/"
(cd "$work" && "$train" corpus --preset tiny --batch 4 --seq 32 --max-iters 20 --eval-every 10 --sample-every 0 --threads 1)
test -s "$work/.charrnn/model.safetensors" || { echo "the installed charrnn-train wrote no model"; exit 1; }
sample=$("$train" sample "$work/.charrnn/model.safetensors" --prime "public " --length 20 --seed 1)
[ "${#sample}" -ge 20 ] || { echo "the installed charrnn-train sampled '$sample'"; exit 1; }

echo "== the installed charrnn-lsp"
# --help is a usage error for the server (exit 2, the usage line on stderr): it proves the tool starts.
set +e
usage=$("$work/tools/charrnn-lsp" --help 2>&1)
code=$?
set -e
[ "$code" -eq 2 ] && grep -q 'usage: charrnn-lsp' <<<"$usage" || { echo "charrnn-lsp --help gave exit $code: $usage"; exit 1; }

echo "tool-install: PASSED"
