#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine with the .NET SDK:
# OpenBLAS (the fast CPU GEMM), oneDNN (the CPU engine's LSTM primitives), PyTorch 1.13 (numerics reference), g++ (runs the CUDA kernels on an
# emulation), Neovim and Emacs + eglot (real LSP
# clients), Debian's NVRTC (CUDA kernel compilation needs no GPU), and the Node packages of the client tests.
# Open MPI (openmpi-bin, libopenmpi-dev): the 2-rank data-parallel training tests run under its mpirun.
# Skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libopenblas0 libdnnl2 python3-torch neovim emacs-nox elpa-eglot chromium g++ openmpi-bin libopenmpi-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo -n"; else sudo=none; fi
  if [ "$sudo" = none ]; then
    echo "install-test-deps: WARNING: cannot install ${missing[*]} (not root, no sudo); tests that need them will report SKIPPED" >&2
  else
    echo "install-test-deps: installing ${missing[*]}"
    $sudo apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

scripts/install-nvrtc.sh >/dev/null || echo "install-test-deps: WARNING: could not fetch NVRTC; the kernel compilation tests will report SKIPPED" >&2

for dir in tests/lsp-clients/node; do
  if [ -f "$dir/package-lock.json" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done
tests/vscode-e2e/install-code-server.sh >/dev/null
