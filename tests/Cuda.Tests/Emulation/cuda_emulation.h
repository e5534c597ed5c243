// Just enough of CUDA C++ to run src/Core/Engine/Cuda/Kernels.cu on the CPU, for the kernel checks and the
// test-double driver (fake_cuda.cpp). One OS thread runs everything: a launch runs its blocks one after
// another, and the threads of a block as coroutines that each run until their next
// __syncthreads(); a sweep over all of them is one barrier phase, so block reductions behave as on a GPU.
// Slow, and only for tests.
#pragma once
#include <cmath>
#include <csetjmp>
#include <cstring>
#include <functional>
#include <ucontext.h>
#include <vector>

struct dim3 { unsigned x = 1, y = 1, z = 1; };
inline dim3 threadIdx, blockIdx, blockDim, gridDim;

#define __global__
#define __device__
// Blocks run one at a time, so one static copy per kernel serves as each block's shared memory.
#define __shared__ static

namespace emulation
{
    // Coroutines start with makecontext/swapcontext and then switch with _setjmp/_longjmp, which unlike
    // swapcontext make no system call (build without _FORTIFY_SOURCE, whose longjmp check refuses other stacks).
    constexpr size_t StackBytes = 64 * 1024;
    inline ucontext_t scheduler_context;
    inline jmp_buf scheduler;
    inline std::vector<ucontext_t> contexts;
    struct ResumePoint { jmp_buf at; };
    inline std::vector<ResumePoint> resume_points;
    inline std::vector<std::vector<char>> stacks;
    inline std::vector<char> started, finished;
    inline unsigned running;
    inline const std::function<void()>* body;

    inline void entry()
    {
        (*body)();
        finished[running] = 1;
        _longjmp(scheduler, 1);
    }

    // Runs body() as every thread of every block of a grid x block launch.
    inline void run_grid(unsigned grid, unsigned block, const std::function<void()>& kernel)
    {
        gridDim = dim3{grid};
        blockDim = dim3{block};
        body = &kernel;
        while (contexts.size() < block)
        {
            contexts.emplace_back();
            getcontext(&contexts.back());
            stacks.emplace_back(StackBytes);
        }
        resume_points.resize(contexts.size());
        for (unsigned b = 0; b < grid; b++)
        {
            blockIdx = dim3{b};
            started.assign(block, 0);
            finished.assign(block, 0);
            for (bool busy = true; busy;)
            {
                busy = false;
                for (unsigned t = 0; t < block; t++)
                {
                    if (finished[t]) continue;
                    running = t;
                    threadIdx = dim3{t};
                    if (!_setjmp(scheduler))
                    {
                        if (started[t]) _longjmp(resume_points[t].at, 1);
                        started[t] = 1;
                        contexts[t].uc_stack.ss_sp = stacks[t].data();
                        contexts[t].uc_stack.ss_size = StackBytes;
                        contexts[t].uc_link = nullptr;
                        makecontext(&contexts[t], entry, 0);
                        swapcontext(&scheduler_context, &contexts[t]);
                    }
                    busy = busy || !finished[t];
                }
            }
        }
    }
}

inline void __syncthreads()
{
    if (!_setjmp(emulation::resume_points[emulation::running].at)) _longjmp(emulation::scheduler, 1);
}
inline float __int_as_float(int bits) { float f; std::memcpy(&f, &bits, sizeof f); return f; }
inline float atomicAdd(float* address, float value) { float old = *address; *address = old + value; return old; }

// kernel<<<grid, block>>>(args...) as launch(grid, block, kernel, args...).
template <typename... Params, typename... Args>
void launch(unsigned grid, unsigned block, void (*kernel)(Params...), Args... args)
{
    emulation::run_grid(grid, block, [=] { kernel(args...); });
}
