// A test double of the CUDA driver API (libcuda.so.1) on the CPU, for running the CUDA engine's C# code
// where there is no GPU: device memory is host memory, the stream is synchronous, and a kernel launch runs
// the kernel of Kernels.cu (compiled into this library by g++ against cuda_emulation.h) with the launch's
// grid and block. cuModuleLoadData accepts NVRTC's real CUBIN and looks kernels up by name here.
// Only the calls CudaDriverNative.cs makes exist. Built by build-fake-cuda.sh.
#include "cuda_emulation.h"
#include "../../../src/Core/Backends/Cuda/Kernels.cu"
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

using Launcher = std::function<void(unsigned, unsigned, void**)>;

template <typename... P, size_t... I>
static void invoke(void (*kernel)(P...), unsigned grid, unsigned block, void** params, std::index_sequence<I...>)
{
    std::tuple<P...> args{*static_cast<std::remove_reference_t<P>*>(params[I])...};
    emulation::run_grid(grid, block, [&] { std::apply(kernel, args); });
}

template <typename... P>
static Launcher launcher(void (*kernel)(P...))
{
    return [kernel](unsigned grid, unsigned block, void** params) { invoke(kernel, grid, block, params, std::index_sequence_for<P...>{}); };
}

static const std::map<std::string, Launcher> kernels = {
    {"gather_rows", launcher(gather_rows)}, {"embedding_grad_partial", launcher(embedding_grad_partial)},
    {"sum_chunks", launcher(sum_chunks)},
    {"add_row_bias", launcher(add_row_bias)}, {"softmax_cross_entropy", launcher(softmax_cross_entropy)},
    {"sum_to_scalar", launcher(sum_to_scalar)}, {"sum_squares_partial", launcher(sum_squares_partial)},
    {"clip_scale", launcher(clip_scale)}, {"adam_step", launcher(adam_step)}, {"rmsprop_step", launcher(rmsprop_step)},
    {"dropout_forward", launcher(dropout_forward)}, {"multiply_in_place", launcher(multiply_in_place)},
};

static std::mutex launches;            // the emulation's state is global; a real driver is thread-safe
static std::atomic<long long> allocated = 0;
static const long long total_memory = 8LL << 30;

extern "C" {
int cuInit(unsigned) { return 0; }
int cuDriverGetVersion(int* version) { *version = 13000; return 0; }
int cuDeviceGetCount(int* count) { *count = 1; return 0; }
int cuDeviceGet(int* device, int ordinal) { *device = ordinal; return ordinal == 0 ? 0 : 101; }
int cuDeviceGetName(char* name, int length, int) { std::snprintf(name, length, "CPU emulation of CUDA (test double)"); return 0; }
int cuDeviceGetAttribute(int* value, int attribute, int) { *value = attribute == 75 ? 9 : 0; return 0; }
int cuDevicePrimaryCtxRetain(void** context, int) { static int primary; *context = &primary; return 0; }
int cuDevicePrimaryCtxRelease_v2(int) { return 0; }
int cuCtxSetCurrent(void*) { return 0; }
int cuMemGetInfo_v2(size_t* free, size_t* total) { *free = total_memory - allocated; *total = total_memory; return 0; }
int cuMemAlloc_v2(unsigned long long* pointer, size_t bytes)
{
    void* p = std::aligned_alloc(256, (bytes + 255) / 256 * 256);
    if (!p) return 2;
    std::memset(p, 0xCD, bytes);   // garbage, as real device memory: code must not rely on zeroed allocations
    *pointer = reinterpret_cast<uintptr_t>(p);
    allocated += bytes;
    return 0;
}
int cuMemFree_v2(unsigned long long pointer) { std::free(reinterpret_cast<void*>(pointer)); return 0; }
int cuMemcpyHtoDAsync_v2(unsigned long long destination, const void* source, size_t bytes, void*) { std::memcpy(reinterpret_cast<void*>(destination), source, bytes); return 0; }
int cuMemcpyDtoHAsync_v2(void* destination, unsigned long long source, size_t bytes, void*) { std::memcpy(destination, reinterpret_cast<void*>(source), bytes); return 0; }
int cuMemcpyDtoDAsync_v2(unsigned long long destination, unsigned long long source, size_t bytes, void*) { std::memmove(reinterpret_cast<void*>(destination), reinterpret_cast<void*>(source), bytes); return 0; }
int cuMemsetD32Async(unsigned long long destination, unsigned value, size_t count, void*)
{
    auto* words = reinterpret_cast<unsigned*>(destination);
    for (size_t i = 0; i < count; i++) words[i] = value;
    return 0;
}
int cuCtxSynchronize() { return 0; }
int cuStreamCreate(void** stream, unsigned) { static int the_stream; *stream = &the_stream; return 0; }
int cuStreamDestroy_v2(void*) { return 0; }
int cuStreamSynchronize(void*) { return 0; }
int cuModuleLoadData(void** module, const void* image)
{
    static int the_module;
    const unsigned char elf[] = {0x7f, 'E', 'L', 'F'};
    if (std::memcmp(image, elf, 4) != 0) return 200;   // CUDA_ERROR_INVALID_IMAGE
    *module = &the_module;
    return 0;
}
int cuModuleUnload(void*) { return 0; }
int cuModuleGetFunction(const void** function, void*, const char* name)
{
    auto found = kernels.find(name);
    if (found == kernels.end()) return 500;   // CUDA_ERROR_NOT_FOUND
    *function = &found->second;
    return 0;
}
int cuLaunchKernel(const void* function, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                   unsigned shared, void*, void** params, void**)
{
    if (gy != 1 || gz != 1 || by != 1 || bz != 1 || shared != 0 || bx != BLOCK) return 1;   // only the shapes CudaKernels uses
    std::lock_guard<std::mutex> lock(launches);
    (*static_cast<const Launcher*>(function))(gx, bx, params);
    return 0;
}
int cuGetErrorName(int error, const char** name) { *name = error == 0 ? "CUDA_SUCCESS" : "CUDA_ERROR_FAKE"; return 0; }
int cuGetErrorString(int, const char** text) { *text = "reported by the CPU test double of the CUDA driver"; return 0; }
}
