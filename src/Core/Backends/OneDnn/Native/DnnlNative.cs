using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CharRnnLsp.Core.Common;

namespace CharRnnLsp.Core.Backends.OneDnn.Native;

/// <summary>
/// The oneDNN 2.x C API entry points the oneDNN backend uses (Debian's libdnnl2, an OpenMP build). The logical
/// name "dnnl" maps to libdnnl.so.2 when it loads; <see cref="IsAvailable"/> is false otherwise, so a machine
/// without it trains on the managed engine instead of failing. Constants are the header's enum values.
/// </summary>
internal static unsafe partial class DnnlNative
{
    private const string Library = "dnnl";
    private const string OpenMp = "dnnl-openmp";
    private static readonly string[] Candidates = ["libdnnl.so.2", "libdnnl.so"];

    public const int CpuEngine = 1, StreamDefaultFlags = 1;
    public const int F32 = 3;
    public const int TagAny = 1, TagTnc = 4, TagLdnc = 5, TagLdgo = 5, TagLdigo = 7, TagLdgoi = 16;
    public const int PropForwardTraining = 64, PropBackward = 128;
    public const int LeftToRight = 0;
    public const int QueryExecArgMd = 255;
    public const int ArgSrcLayer = 1, ArgSrcIter = 2, ArgSrcIterC = 3, ArgDstLayer = 17, ArgDstIter = 18, ArgDstIterC = 19;
    public const int ArgWeightsLayer = 33, ArgWeightsIter = 34, ArgBias = 41, ArgWorkspace = 64;
    public const int ArgFrom = 1, ArgTo = 17, ArgScratchpad = 80, ArgDiff = 128; // DNNL_ARG_DIFF_X = 128 + DNNL_ARG_X
    public const int ScratchpadModeUser = 1;

    /// <summary>Bytes oneDNN 2.6 writes for an op descriptor (sizeof(dnnl_rnn_desc_t) = 15344); kept opaque.</summary>
    public const int OpDescBytes = 16384;

    private static readonly string? LoadError = Load();

    public static bool IsAvailable => LoadError == null;

    /// <summary>Why it is unavailable, for the one-line notice; null when it loaded.</summary>
    public static string? UnavailableReason => LoadError;

    private static string? Load()
    {
        foreach (var name in Candidates)
            if (NativeLibrary.TryLoad(name, out var handle) && NativeLibrary.TryGetExport(handle, "dnnl_lstm_backward_desc_init", out _))
            {
                NativeLibraries.Register(Library, handle);
                // oneDNN's threads are libgomp's: the same library it linked, to set their count per call.
                if (NativeLibrary.TryLoad("libgomp.so.1", out var gomp)) NativeLibraries.Register(OpenMp, gomp);
                return null;
            }
        return "libdnnl.so.2 not found (Debian: apt-get install libdnnl2)";
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct ExecArg { public int Arg; public nint Memory; }

    [LibraryImport(Library, EntryPoint = "dnnl_engine_create")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int EngineCreate(nint* engine, int kind, nuint index);
    [LibraryImport(Library, EntryPoint = "dnnl_engine_destroy")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int EngineDestroy(nint engine);
    [LibraryImport(Library, EntryPoint = "dnnl_stream_create")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int StreamCreate(nint* stream, nint engine, uint flags);
    [LibraryImport(Library, EntryPoint = "dnnl_stream_wait")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int StreamWait(nint stream);
    [LibraryImport(Library, EntryPoint = "dnnl_stream_destroy")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int StreamDestroy(nint stream);

    [LibraryImport(Library, EntryPoint = "dnnl_memory_desc_init_by_tag")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int MemoryDescInitByTag(DnnlMemoryDesc* desc, int ndims, long* dims, int dataType, int tag);
    [LibraryImport(Library, EntryPoint = "dnnl_memory_desc_get_size")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial nuint MemoryDescGetSize(DnnlMemoryDesc* desc);
    [LibraryImport(Library, EntryPoint = "dnnl_memory_desc_equal")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int MemoryDescEqual(DnnlMemoryDesc* a, DnnlMemoryDesc* b);
    [LibraryImport(Library, EntryPoint = "dnnl_memory_create")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int MemoryCreate(nint* memory, DnnlMemoryDesc* desc, nint engine, void* handle);
    [LibraryImport(Library, EntryPoint = "dnnl_memory_set_data_handle")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int MemorySetDataHandle(nint memory, void* handle);
    [LibraryImport(Library, EntryPoint = "dnnl_memory_destroy")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int MemoryDestroy(nint memory);

    [LibraryImport(Library, EntryPoint = "dnnl_lstm_forward_desc_init")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int LstmForwardDescInit(void* desc, int propKind, int direction,
        DnnlMemoryDesc* srcLayer, DnnlMemoryDesc* srcIter, DnnlMemoryDesc* srcIterC, DnnlMemoryDesc* weightsLayer,
        DnnlMemoryDesc* weightsIter, DnnlMemoryDesc* bias, DnnlMemoryDesc* dstLayer, DnnlMemoryDesc* dstIter,
        DnnlMemoryDesc* dstIterC, uint flags);
    [LibraryImport(Library, EntryPoint = "dnnl_lstm_backward_desc_init")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int LstmBackwardDescInit(void* desc, int propKind, int direction,
        DnnlMemoryDesc* srcLayer, DnnlMemoryDesc* srcIter, DnnlMemoryDesc* srcIterC, DnnlMemoryDesc* weightsLayer,
        DnnlMemoryDesc* weightsIter, DnnlMemoryDesc* bias, DnnlMemoryDesc* dstLayer, DnnlMemoryDesc* dstIter,
        DnnlMemoryDesc* dstIterC, DnnlMemoryDesc* diffSrcLayer, DnnlMemoryDesc* diffSrcIter, DnnlMemoryDesc* diffSrcIterC,
        DnnlMemoryDesc* diffWeightsLayer, DnnlMemoryDesc* diffWeightsIter, DnnlMemoryDesc* diffBias,
        DnnlMemoryDesc* diffDstLayer, DnnlMemoryDesc* diffDstIter, DnnlMemoryDesc* diffDstIterC, uint flags);

    [LibraryImport(Library, EntryPoint = "dnnl_primitive_attr_create")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int PrimitiveAttrCreate(nint* attr);
    [LibraryImport(Library, EntryPoint = "dnnl_primitive_attr_set_scratchpad_mode")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int PrimitiveAttrSetScratchpadMode(nint attr, int mode);
    [LibraryImport(Library, EntryPoint = "dnnl_primitive_attr_destroy")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int PrimitiveAttrDestroy(nint attr);

    [LibraryImport(Library, EntryPoint = "dnnl_primitive_desc_create")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int PrimitiveDescCreate(nint* primitiveDesc, void* opDesc, nint attr, nint engine, nint hint);
    [LibraryImport(Library, EntryPoint = "dnnl_reorder_primitive_desc_create")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int ReorderPrimitiveDescCreate(nint* primitiveDesc, DnnlMemoryDesc* src, nint srcEngine,
        DnnlMemoryDesc* dst, nint dstEngine, nint attr);
    [LibraryImport(Library, EntryPoint = "dnnl_primitive_desc_query_md")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DnnlMemoryDesc* PrimitiveDescQueryMd(nint primitiveDesc, int what, int index);
    [LibraryImport(Library, EntryPoint = "dnnl_primitive_desc_destroy")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int PrimitiveDescDestroy(nint primitiveDesc);
    [LibraryImport(Library, EntryPoint = "dnnl_primitive_create")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int PrimitiveCreate(nint* primitive, nint primitiveDesc);
    [LibraryImport(Library, EntryPoint = "dnnl_primitive_execute")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int PrimitiveExecute(nint primitive, nint stream, int argCount, ExecArg* args);
    [LibraryImport(Library, EntryPoint = "dnnl_primitive_destroy")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int PrimitiveDestroy(nint primitive);

    [LibraryImport(OpenMp, EntryPoint = "omp_set_num_threads")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void OmpSetNumThreads(int threads);

    public static void Check(int status, string call)
    {
        if (status != 0) throw new DnnlException($"{call} failed: oneDNN status {status}");
    }
}

/// <summary>A oneDNN call that failed (one line: the call and its status).</summary>
public sealed class DnnlException(string message) : Exception(message);
