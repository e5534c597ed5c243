// Just enough of CUDA C++ to run src/Core/Backends/Cuda/Kernels.cu on the CPU, for the kernel checks and the
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
    // Each thread slot of a block is a worker coroutine that lives for the whole process: started once with
    // makecontext/swapcontext, it runs one CUDA thread after another, and every switch after that is a
    // _setjmp/_longjmp pair, which unlike swapcontext makes no system call (build without _FORTIFY_SOURCE,
    // whose longjmp check refuses to jump to another stack).
    constexpr size_t StackBytes = 64 * 1024;
    inline ucontext_t scheduler_context;
    inline jmp_buf scheduler;
    struct Worker { ucontext_t context; jmp_buf resume; std::vector<char> stack; bool alive = false; };
    inline std::vector<Worker> workers;
    inline std::vector<char> finished;
    inline unsigned running;
    inline const std::function<void()>* body;

    inline void worker_loop()
    {
        for (;;)
        {
            (*body)();
            finished[running] = 1;
            if (!_setjmp(workers[running].resume)) _longjmp(scheduler, 1);   // resumed here to run the next thread
        }
    }

    // Runs body() as every thread of every block of a grid x block launch.
    inline void run_grid(unsigned grid, unsigned block, const std::function<void()>& kernel)
    {
        gridDim = dim3{grid};
        blockDim = dim3{block};
        body = &kernel;
        if (workers.size() < block) workers.resize(block);
        for (unsigned b = 0; b < grid; b++)
        {
            blockIdx = dim3{b};
            finished.assign(block, 0);
            for (bool busy = true; busy;)
            {
                busy = false;
                for (unsigned t = 0; t < block; t++)
                {
                    if (finished[t]) continue;
                    running = t;
                    threadIdx = dim3{t};
                    Worker& w = workers[t];
                    if (!_setjmp(scheduler))
                    {
                        if (w.alive) _longjmp(w.resume, 1);
                        w.alive = true;
                        w.stack.resize(StackBytes);
                        getcontext(&w.context);
                        w.context.uc_stack.ss_sp = w.stack.data();
                        w.context.uc_stack.ss_size = StackBytes;
                        w.context.uc_link = nullptr;
                        makecontext(&w.context, worker_loop, 0);
                        swapcontext(&scheduler_context, &w.context);
                    }
                    busy = busy || !finished[t];
                }
            }
        }
    }
}

inline void __syncthreads()
{
    if (!_setjmp(emulation::workers[emulation::running].resume)) _longjmp(emulation::scheduler, 1);
}
inline float __int_as_float(int bits) { float f; std::memcpy(&f, &bits, sizeof f); return f; }
inline int min(int a, int b) { return a < b ? a : b; }

// kernel<<<grid, block>>>(args...) as launch(grid, block, kernel, args...).
template <typename... Params, typename... Args>
void launch(unsigned grid, unsigned block, void (*kernel)(Params...), Args... args)
{
    emulation::run_grid(grid, block, [=] { kernel(args...); });
}
