#!/usr/bin/env bash
# NVRTC (the CUDA run-time compiler) needs no GPU, so the CUDA kernels' compilation is tested on every
# machine: this fetches Debian's libnvrtc11.2 (CUDA 11.8, from the non-free section; the machine's apt
# sources are left untouched) and unpacks it, without installing, into $1 (default ~/.cache/charrnn-lsp/nvrtc).
# Prints the folder that holds libnvrtc.so.11.2, for CHARRNN_CUDA_PATH. Does nothing when it is already there.
set -euo pipefail
target=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/charrnn-lsp/nvrtc}
lib="$target/usr/lib/x86_64-linux-gnu"
if [ ! -e "$lib/libnvrtc.so.11.2" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/lists/partial" "$work/archives/partial"
  echo 'deb http://deb.debian.org/debian bookworm non-free' > "$work/sources.list"
  apt_options=(-o Dir::Etc::SourceList="$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
               -o Dir::State::Lists="$work/lists" -o Dir::Cache::Archives="$work/archives" -o Debug::NoLocking=1
               -o APT::Sandbox::User="$(id -un)")
  apt-get "${apt_options[@]}" update -q >/dev/null
  (cd "$work" && apt-get "${apt_options[@]}" download libnvrtc11.2 libnvrtc-builtins11.8 >/dev/null 2>&1)
  mkdir -p "$target"
  for deb in "$work"/*.deb; do dpkg -x "$deb" "$target"; done
fi
echo "$lib"
