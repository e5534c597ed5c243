using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CharRnnLsp.Core.Backends.Cuda.Native;

/// <summary>NVRTC, the run-time CUDA C++ compiler (logical name "nvrtc"). Every function returns an
/// nvrtcResult; 0 is success. It needs no GPU, which is why kernel compilation is testable anywhere.</summary>
internal static unsafe partial class NvrtcNative
{
    private const string Library = "nvrtc";
    public const int CompilationError = 6;

    [LibraryImport(Library, EntryPoint = "nvrtcVersion")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int Version(int* major, int* minor);
    [LibraryImport(Library, EntryPoint = "nvrtcCreateProgram")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int CreateProgram(nint* program, byte* source, byte* name, int headerCount, byte** headers, byte** includeNames);
    [LibraryImport(Library, EntryPoint = "nvrtcDestroyProgram")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int DestroyProgram(nint* program);
    [LibraryImport(Library, EntryPoint = "nvrtcCompileProgram")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int CompileProgram(nint program, int optionCount, byte** options);
    [LibraryImport(Library, EntryPoint = "nvrtcGetProgramLogSize")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int GetProgramLogSize(nint program, nuint* size);
    [LibraryImport(Library, EntryPoint = "nvrtcGetProgramLog")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int GetProgramLog(nint program, byte* log);
    [LibraryImport(Library, EntryPoint = "nvrtcGetCUBINSize")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int GetCubinSize(nint program, nuint* size);
    [LibraryImport(Library, EntryPoint = "nvrtcGetCUBIN")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int GetCubin(nint program, byte* cubin);
    [LibraryImport(Library, EntryPoint = "nvrtcGetErrorString")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial byte* GetErrorString(int result);

    public static void Check(int status, string call)
    {
        if (status != 0) throw new CudaException($"{call} failed: {Marshal.PtrToStringUTF8((nint)GetErrorString(status))}");
    }
}
