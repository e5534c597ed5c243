#!/usr/bin/env bash
# Client tests over real stdio: builds charrnn-lsp, makes a real checkpoint (CharModel.CreateInitialized +
# Checkpoint.Save), then runs the Node (vscode-languageserver-protocol), Neovim and Emacs/eglot tests.
# Exits non-zero if any test fails; prints SKIPPED for an editor that is not installed.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0

echo "== building server and checkpoint tool"
dotnet build "$root/src/Server" -c Release -o "$work/server" -v q --nologo >"$work/build.log" 2>&1 \
  || { cat "$work/build.log"; exit 1; }
dotnet build "$here/make-checkpoint" -c Release -o "$work/make-checkpoint" -v q --nologo >>"$work/build.log" 2>&1 \
  || { cat "$work/build.log"; exit 1; }

# A workspace with the model at the default location the server looks for.
client_dir="$work/workspace"
mkdir -p "$client_dir/.charrnn"
cp "$here/fixtures/sample.c" "$client_dir/sample.c"
"$work/make-checkpoint/make-checkpoint" "$here/fixtures/sample.c" "$client_dir/.charrnn/model.safetensors" 64 2 || exit 1

export CHARRNN_LSP="$work/server/charrnn-lsp"
export CHARRNN_TEST_MODEL="$client_dir/.charrnn/model.safetensors"
export CHARRNN_CLIENT_DIR="$client_dir"

echo "== node (vscode-languageserver-protocol)"
if (cd "$here/node" && npm ci --no-audit --no-fund --silent && npm test); then echo "node: PASSED"
else echo "node: FAILED"; failed=1; fi

echo "== neovim"
if command -v nvim >/dev/null; then
  if timeout 120 nvim --headless -u NONE -c "luafile $here/nvim/test.lua" 2>&1 | tee "$work/nvim.log" \
     && grep -q '^NVIM OK' "$work/nvim.log"; then echo "neovim: PASSED"
  else echo "neovim: FAILED"; failed=1; fi
else
  echo "neovim: SKIPPED (nvim not installed)"
fi

echo "== emacs + eglot"
if command -v emacs >/dev/null; then
  if timeout 120 emacs --batch -l "$here/emacs/test.el" >"$work/emacs.log" 2>&1 && grep -q '^EMACS OK' "$work/emacs.log"; then
    grep '^EMACS' "$work/emacs.log"; echo "emacs: PASSED"
  else cat "$work/emacs.log"; echo "emacs: FAILED"; failed=1; fi
else
  echo "emacs: SKIPPED (emacs not installed)"
fi

exit $failed
