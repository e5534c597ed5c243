#!/usr/bin/env bash
# The project's one test command (README "Quick start"; .ci/run calls it): installs what the tests
# need, builds everything in Release, runs the .NET suites, the .NET tool install check, the real-editor LSP
# client tests (Node, Neovim, Emacs) and the VS Code end-to-end test (code-server in headless Chromium), then
# prints the totals.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

scripts/install-test-deps.sh
# Debian's NVRTC, fetched by install-test-deps.sh, for the kernel compilation tests (tests/Cuda.Tests).
export CHARRNN_CUDA_PATH="${CHARRNN_CUDA_PATH:+$CHARRNN_CUDA_PATH:}${XDG_CACHE_HOME:-$HOME/.cache}/charrnn-lsp/nvrtc/usr/lib/x86_64-linux-gnu"
dotnet build CharRnnLsp.sln -c Release --nologo -v q
dotnet test CharRnnLsp.sln -c Release --no-build --nologo -v q 2>&1 | tee "$log/dotnet.txt"
# The CUDA engine's C# code end to end without a GPU: tests/Cuda.Tests once more, on CPU test doubles of the
# CUDA driver, cuBLAS and cuDNN (tests/Cuda.Tests/Emulation; NVRTC stays the real one).
fake_cuda="$log/fake-cuda"
tests/Cuda.Tests/Emulation/build-fake-cuda.sh "$fake_cuda"
CHARRNN_CUDA_PATH="$fake_cuda:$CHARRNN_CUDA_PATH" dotnet test tests/Cuda.Tests -c Release --no-build --nologo -v q 2>&1 | tee -a "$log/dotnet.txt"
tests/tool-install/run.sh 2>&1 | tee "$log/tool.txt"
tests/lsp-clients/run.sh 2>&1 | tee "$log/clients.txt"
tests/vscode-e2e/run.sh 2>&1 | tee "$log/vscode.txt"

# One closing line for the whole run: .NET test counts, node:test counts, one each for the tool install,
# Neovim, Emacs, VS Code.
passed=$(( $(grep -oE 'Passed: +[0-9]+' "$log/dotnet.txt" | awk '{s+=$2} END {print s+0}') \
         + $(grep -E '^# pass [0-9]+' "$log/clients.txt" | awk '{s+=$3} END {print s+0}') \
         + $(grep -cE '^(neovim|emacs): PASSED' "$log/clients.txt") + $(grep -cE '^tool-install: PASSED' "$log/tool.txt") + 1 ))
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log/dotnet.txt" | awk '{s+=$2} END {print s+0}')
if [ "$skipped" -gt 0 ]; then
  echo "tests: $passed passed, 0 failed, $skipped SKIPPED (the GPU tests need a GPU, and ran on CPU test doubles instead: see docs/gpu.md)"
else
  echo "tests: $passed passed, 0 failed"
fi
