using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CharRnnLsp.Core.Backends.Cuda.Native;

/// <summary>The CUDA driver API entry points the backend uses (libcuda.so.1, logical name "cuda").
/// Every function returns a CUresult; 0 is success. Device memory is a CUdeviceptr (ulong).</summary>
internal static unsafe partial class CudaDriverNative
{
    private const string Library = "cuda";
    public const int ComputeCapabilityMajor = 75, ComputeCapabilityMinor = 76;
    public const int ErrorNoDevice = 100;

    [LibraryImport(Library, EntryPoint = "cuInit")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int Init(uint flags);
    [LibraryImport(Library, EntryPoint = "cuDriverGetVersion")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int DriverGetVersion(int* version);
    [LibraryImport(Library, EntryPoint = "cuDeviceGetCount")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int DeviceGetCount(int* count);
    [LibraryImport(Library, EntryPoint = "cuDeviceGet")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int DeviceGet(int* device, int ordinal);
    [LibraryImport(Library, EntryPoint = "cuDeviceGetName")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int DeviceGetName(byte* name, int length, int device);
    [LibraryImport(Library, EntryPoint = "cuDeviceGetAttribute")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int DeviceGetAttribute(int* value, int attribute, int device);
    [LibraryImport(Library, EntryPoint = "cuDevicePrimaryCtxRetain")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int DevicePrimaryCtxRetain(nint* context, int device);
    [LibraryImport(Library, EntryPoint = "cuDevicePrimaryCtxRelease_v2")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int DevicePrimaryCtxRelease(int device);
    [LibraryImport(Library, EntryPoint = "cuCtxSetCurrent")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int CtxSetCurrent(nint context);
    [LibraryImport(Library, EntryPoint = "cuMemGetInfo_v2")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int MemGetInfo(nuint* free, nuint* total);
    [LibraryImport(Library, EntryPoint = "cuMemAlloc_v2")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int MemAlloc(ulong* pointer, nuint bytes);
    [LibraryImport(Library, EntryPoint = "cuMemFree_v2")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int MemFree(ulong pointer);
    [LibraryImport(Library, EntryPoint = "cuMemcpyHtoDAsync_v2")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int MemcpyHtoDAsync(ulong destination, void* source, nuint bytes, nint stream);
    [LibraryImport(Library, EntryPoint = "cuMemcpyDtoHAsync_v2")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int MemcpyDtoHAsync(void* destination, ulong source, nuint bytes, nint stream);
    [LibraryImport(Library, EntryPoint = "cuMemcpyDtoDAsync_v2")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int MemcpyDtoDAsync(ulong destination, ulong source, nuint bytes, nint stream);
    [LibraryImport(Library, EntryPoint = "cuMemsetD32Async")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int MemsetD32Async(ulong destination, uint value, nuint count, nint stream);
    [LibraryImport(Library, EntryPoint = "cuCtxSynchronize")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int CtxSynchronize();
    [LibraryImport(Library, EntryPoint = "cuStreamCreate")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int StreamCreate(nint* stream, uint flags);
    [LibraryImport(Library, EntryPoint = "cuStreamDestroy_v2")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int StreamDestroy(nint stream);
    [LibraryImport(Library, EntryPoint = "cuStreamSynchronize")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int StreamSynchronize(nint stream);
    [LibraryImport(Library, EntryPoint = "cuModuleLoadData")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int ModuleLoadData(nint* module, void* image);
    [LibraryImport(Library, EntryPoint = "cuModuleUnload")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int ModuleUnload(nint module);
    [LibraryImport(Library, EntryPoint = "cuModuleGetFunction")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int ModuleGetFunction(nint* function, nint module, byte* name);
    [LibraryImport(Library, EntryPoint = "cuLaunchKernel")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int LaunchKernel(nint function, uint gridX, uint gridY, uint gridZ, uint blockX, uint blockY, uint blockZ,
        uint sharedMemoryBytes, nint stream, void** parameters, void** extra);
    [LibraryImport(Library, EntryPoint = "cuGetErrorName")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int GetErrorName(int error, byte** name);
    [LibraryImport(Library, EntryPoint = "cuGetErrorString")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int GetErrorString(int error, byte** text);

    /// <summary>Throws a one-line CudaException when a driver call failed.</summary>
    public static void Check(int status, string call)
    {
        if (status == 0) return;
        byte* name = null, text = null;
        GetErrorName(status, &name);
        GetErrorString(status, &text);
        throw new CudaException($"{call} failed: {Marshal.PtrToStringUTF8((nint)name) ?? $"error {status}"} ({Marshal.PtrToStringUTF8((nint)text) ?? "no description"})");
    }
}
