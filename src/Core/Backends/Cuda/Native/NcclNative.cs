using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CharRnnLsp.Core.Distributed;

namespace CharRnnLsp.Core.Backends.Cuda.Native;

/// <summary>The NCCL calls data-parallel training on GPUs needs (libnccl.so.2, logical name "nccl"). Every function
/// returns an ncclResult_t; 0 is success. The data type and operation values are nccl.h's enums, which are part of
/// its ABI (unlike Open MPI's handles, they are plain numbers).</summary>
internal static unsafe partial class NcclNative
{
    private const string Library = "nccl";
    public const int Float32 = 7, Float64 = 8; // ncclFloat32, ncclFloat64
    public const int Sum = 0;                  // ncclSum

    [LibraryImport(Library, EntryPoint = "ncclGetUniqueId")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int GetUniqueId(NcclUniqueId* id);
    [LibraryImport(Library, EntryPoint = "ncclCommInitRank")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int CommInitRank(nint* communicator, int ranks, NcclUniqueId id, int rank);
    [LibraryImport(Library, EntryPoint = "ncclAllReduce")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int AllReduce(ulong send, ulong receive, nuint count, int dataType, int operation, nint communicator, nint stream);
    [LibraryImport(Library, EntryPoint = "ncclCommDestroy")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int CommDestroy(nint communicator);
    [LibraryImport(Library, EntryPoint = "ncclGetErrorString")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial byte* GetErrorString(int result);

    /// <summary>A failed collective is the team's failure, as an MPI one is (exit code 7).</summary>
    public static void Check(int status, string call)
    {
        if (status != 0) throw new MpiException($"{call} failed: {Marshal.PtrToStringUTF8((nint)GetErrorString(status))} (NCCL error {status})");
    }
}

/// <summary>ncclUniqueId: 128 opaque bytes that rank 0 creates and every rank passes, by value, to ncclCommInitRank.</summary>
[InlineArray(Bytes)]
internal struct NcclUniqueId
{
    public const int Bytes = 128;
    private byte _first;
}
