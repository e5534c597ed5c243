#!/usr/bin/env bash
# Publishes charrnn-lsp and charrnn-train as self-contained linux-x64 single files into bin/linux-x64,
# where the extension looks first (after the settings), so the .vsix needs no .NET on the user's machine.
# Trimming: the server and trainer use reflection-based System.Text.Json, which full trimming breaks
# ("Reflection-based serialization has been disabled"), so only the framework is trimmed (TrimMode=partial)
# and reflection serialization stays on: about 16 MB per tool instead of about 80 MB.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
repo="$(cd "$here/../.." && pwd)"
server_project="${CHARRNN_SERVER_PROJECT:-$repo/src/Server}"
trainer_project="${CHARRNN_TRAINER_PROJECT:-$repo/src/Training}"
out="$here/bin/linux-x64"

rm -rf "$out"
for project in "$server_project" "$trainer_project"; do
  echo "bundle-dotnet: publishing $project" >&2
  dotnet publish "$project" -c Release -r linux-x64 --self-contained --nologo -v q -o "$out" \
    -p:PublishSingleFile=true -p:PublishTrimmed=true -p:TrimMode=partial \
    -p:JsonSerializerIsReflectionEnabledByDefault=true -p:SuppressTrimAnalysisWarnings=true \
    -p:DebugType=none >&2
done
ls -l "$out" >&2
