#!/usr/bin/env bash
# Builds the CPU test doubles of the CUDA driver, cuBLAS, cuDNN and NCCL (fake_*.cpp) into $1 under the real
# libraries' file names, so CHARRNN_CUDA_PATH=$1 makes the CUDA engine's C# code run, whole, without a GPU.
# scripts/test.sh runs tests/Cuda.Tests a second time that way (CHARRNN_CUDA_EMULATED=1). NVRTC stays real.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: build-fake-cuda.sh OUTPUT_FOLDER}
mkdir -p "$out"
flags=(-std=c++20 -O2 -U_FORTIFY_SOURCE -shared -fPIC)
g++ "${flags[@]}" -o "$out/libcuda.so.1" "$here/fake_cuda.cpp"
g++ "${flags[@]}" -o "$out/libcublas.so.13" "$here/fake_cublas.cpp"
g++ "${flags[@]}" -o "$out/libcudnn.so.9" "$here/fake_cudnn.cpp"
g++ "${flags[@]}" -o "$out/libnccl.so.2" "$here/fake_nccl.cpp"
