#!/usr/bin/env bash
# Builds what a GPU machine without .NET needs, here: self-contained linux-x64 publishes of the CUDA test
# runner (tests/Cuda.Tests, an xUnit v3 executable that also holds charrnn-train's code) and the engine
# benchmark (bench/Engine), in one folder so the runtime is shared, packed as .gpu/pack.tar.xz (about 40 MB).
# Then, through the device tool: carry [".gpu"] and run bench/gpu/run-on-device.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
rm -rf .gpu && mkdir -p .gpu/pack
for project in tests/Cuda.Tests bench/Engine; do
  dotnet publish "$project" -c Release -r linux-x64 --self-contained -o .gpu/pack --nologo -v q
done
rm -rf .gpu/pack/CodeCoverage .gpu/pack/*/ 2>/dev/null || true   # coverage collector and satellite resources: not needed
tar -C .gpu/pack -cJf .gpu/pack.tar.xz .
rm -rf .gpu/pack
ls -la .gpu/pack.tar.xz
