#!/usr/bin/env bash
# End-to-end test of the VS Code extension in a real VS Code: builds the .vsix (with the self-contained
# server and trainer), installs code-server 4.100.3 (cached), installs the .vsix into it, opens a workspace
# of real C sources in headless Chromium and runs drive.js. Screenshots go to tests/vscode-e2e/artifacts/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
artifacts="$here/artifacts"
rm -rf "$artifacts"; mkdir -p "$artifacts"
t0=$SECONDS
stamp() { echo "vscode-e2e: $* ($((SECONDS - t0))s)"; }

entry="$("$here/install-code-server.sh")"
stamp "code-server ready: $entry"

cd "$repo/clients/vscode"
vsix="$repo/clients/vscode/charrnn-lsp.vsix"
# CHARRNN_E2E_REUSE_VSIX=1 skips the build when iterating on drive.js.
if [ "${CHARRNN_E2E_REUSE_VSIX:-0}" != 1 ] || [ ! -f "$vsix" ]; then
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
  npm test >/dev/null
  scripts/bundle-dotnet.sh 2>"$artifacts/bundle.log" || { cat "$artifacts/bundle.log" >&2; exit 1; }
  npm run --silent package >"$artifacts/package.log"
fi
stamp "built $vsix"

work="$(mktemp -d /tmp/charrnn-vscode-e2e.XXXXXX)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# A workspace of real C: the Argon2 reference implementation that code-server's install compiles.
workspace="$work/workspace"
c_sources="$(dirname "$entry")/../../../argon2/argon2"
mkdir -p "$workspace/src" "$workspace/.vscode"
cp "$c_sources"/src/*.c "$c_sources"/src/*.h "$workspace/src/"
cp "$c_sources"/include/*.h "$workspace/src/" 2>/dev/null || true
cat > "$workspace/.vscode/settings.json" <<'JSON'
{
  "charrnn.trainArgs": ["--max-time", "25s", "--preset", "tiny", "--eval-every", "100", "--sample-every", "0"],
  "charrnn.trace.server": "verbose",
  "editor.wordBasedSuggestions": "off",
  "editor.quickSuggestions": { "other": false, "comments": false, "strings": false }
}
JSON
# A second, distinguishable model outside the workspace, for "Select model" (a GRU 1x32, a few seconds).
second_model="$work/models/gru.safetensors"
"$repo/clients/vscode/bin/linux-x64/charrnn-train" "$workspace/src" --out "$second_model" --cell gru --layers 1 --hidden 32 \
  --embedding 16 --max-iters 20 --eval-every 20 --sample-every 0 >"$artifacts/second-model.log" 2>&1 \
  || { cat "$artifacts/second-model.log" >&2; exit 1; }
stamp "trained a second model: $second_model"
user_data="$work/user-data"
mkdir -p "$user_data/User"
cat > "$user_data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "workbench.tips.enabled": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "chat.disableAIFeatures": true
}
JSON
code_server=(node "$entry" --user-data-dir "$user_data" --extensions-dir "$work/extensions" --disable-telemetry)
"${code_server[@]}" --install-extension "$vsix" >"$artifacts/install-extension.log" 2>&1
stamp "extension installed"

port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"${code_server[@]}" --log trace --auth none --bind-addr "127.0.0.1:$port" --disable-workspace-trust --disable-update-check "$workspace" \
  >"$artifacts/code-server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
stamp "code-server listening on $port"

status=0
node "$here/drive.js" "http://127.0.0.1:$port/?folder=$workspace" "$workspace" "$artifacts" "core.c" "$user_data" "$second_model" || status=$?
# The extension's logs (server log, training output) are the first thing to read when this fails.
find "$user_data" -path '*charrnn*' -name '*.log' -exec cp {} "$artifacts/" \; 2>/dev/null || true
find "$user_data/logs" -name '*CharRNN*' -exec cp {} "$artifacts/" \; 2>/dev/null || true
stamp "done (exit $status); screenshots in $artifacts"
exit $status
