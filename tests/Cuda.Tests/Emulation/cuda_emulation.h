// Just enough of CUDA C++ to run src/Core/Engine/Cuda/Kernels.cu on the CPU, for kernel_checks.cpp:
// a launch runs its blocks one after another and the threads of a block as real threads that meet at
// __syncthreads() (a std::barrier), so block reductions behave as on a GPU. Slow, and only for tests.
#pragma once
#include <barrier>
#include <cmath>
#include <cstring>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

struct dim3 { unsigned x = 1, y = 1, z = 1; };
inline thread_local dim3 threadIdx, blockIdx;
inline dim3 blockDim, gridDim;
inline std::barrier<>* block_barrier = nullptr;
inline std::mutex atomic_mutex;

#define __global__
#define __device__
// Blocks run one at a time, so one static copy per kernel serves as each block's shared memory.
#define __shared__ static

inline void __syncthreads() { block_barrier->arrive_and_wait(); }
inline float __int_as_float(int bits) { float f; std::memcpy(&f, &bits, sizeof f); return f; }
inline float atomicAdd(float* address, float value)
{
    std::lock_guard<std::mutex> lock(atomic_mutex);
    float old = *address;
    *address = old + value;
    return old;
}

// kernel<<<grid, block>>>(args...) as launch(grid, block, kernel, args...).
template <typename... Params, typename... Args>
void launch(unsigned grid, unsigned block, void (*kernel)(Params...), Args... args)
{
    gridDim = dim3{grid};
    blockDim = dim3{block};
    for (unsigned b = 0; b < grid; b++)
    {
        std::barrier<> barrier(block);
        block_barrier = &barrier;
        std::vector<std::thread> threads;
        for (unsigned t = 0; t < block; t++)
            threads.emplace_back([=] { blockIdx = dim3{b}; threadIdx = dim3{t}; kernel(args...); });
        for (auto& thread : threads) thread.join();
    }
}
