using CharRnnLsp.Core.Backends.OneDnn.Native;
using static CharRnnLsp.Core.Backends.OneDnn.Native.DnnlNative;

namespace CharRnnLsp.Core.Backends.OneDnn;

/// <summary>oneDNN's CPU engine and an in-order stream; on the CPU every execute has finished when it returns
/// except for the stream's wait, which <see cref="Wait"/> does once per phase.</summary>
internal sealed unsafe class DnnlContext : IDisposable
{
    public nint Engine { get; }
    public nint Stream { get; }

    public DnnlContext()
    {
        if (!IsAvailable) throw new DnnlException($"oneDNN: {UnavailableReason}");
        nint engine, stream;
        Check(EngineCreate(&engine, CpuEngine, 0), "dnnl_engine_create");
        Engine = engine;
        Check(StreamCreate(&stream, engine, StreamDefaultFlags), "dnnl_stream_create");
        Stream = stream;
    }

    public void Wait() => Check(StreamWait(Stream), "dnnl_stream_wait");

    /// <summary>A plain f32 descriptor of the given dims and tag (TagAny lets a primitive choose).</summary>
    public static DnnlMemoryDesc Desc(int tag, params long[] dims)
    {
        var desc = default(DnnlMemoryDesc);
        fixed (long* d = dims) Check(MemoryDescInitByTag(&desc, dims.Length, d, F32, tag), "dnnl_memory_desc_init_by_tag");
        return desc;
    }

    public void Dispose()
    {
        StreamDestroy(Stream);
        EngineDestroy(Engine);
    }
}

/// <summary>A oneDNN memory object: a descriptor and a data pointer, either its own 64-byte aligned buffer
/// or one the caller points it at before each execute (weights and gradients inside the model's arrays).</summary>
internal sealed unsafe class DnnlMemory : IDisposable
{
    public DnnlMemoryDesc Desc;
    public nint Handle { get; }
    public long Floats { get; }
    private readonly Cpu.NativeBuffer? _owned;

    public DnnlMemory(DnnlContext context, DnnlMemoryDesc desc, bool allocate)
    {
        Desc = desc;
        fixed (DnnlMemoryDesc* d = &Desc) Floats = (long)MemoryDescGetSize(d) / sizeof(float);
        _owned = allocate ? new Cpu.NativeBuffer(Floats) : null;
        nint handle;
        fixed (DnnlMemoryDesc* d = &Desc) Check(MemoryCreate(&handle, d, context.Engine, _owned == null ? null : _owned.Ptr), "dnnl_memory_create");
        Handle = handle;
    }

    /// <summary>The owned buffer; null for a memory the caller points.</summary>
    public float* Data => _owned == null ? null : _owned.Ptr;

    public void PointAt(float* data) => Check(MemorySetDataHandle(Handle, data), "dnnl_memory_set_data_handle");

    public bool SameLayoutAs(DnnlMemoryDesc other)
    {
        fixed (DnnlMemoryDesc* a = &Desc) return MemoryDescEqual(a, &other) != 0;
    }

    public void Dispose()
    {
        MemoryDestroy(Handle);
        _owned?.Dispose();
    }
}

/// <summary>A primitive built from its primitive descriptor, which stays alive for queries and as a hint.</summary>
internal sealed unsafe class DnnlPrimitive : IDisposable
{
    public nint Descriptor { get; }
    private readonly nint _primitive;

    public DnnlPrimitive(nint descriptor)
    {
        Descriptor = descriptor;
        nint primitive;
        Check(PrimitiveCreate(&primitive, descriptor), "dnnl_primitive_create");
        _primitive = primitive;
    }

    /// <summary>A reorder from one layout to another (weights into the layout a primitive chose, and back).</summary>
    public static DnnlPrimitive Reorder(DnnlContext context, DnnlMemoryDesc from, DnnlMemoryDesc to)
    {
        nint pd;
        Check(ReorderPrimitiveDescCreate(&pd, &from, context.Engine, &to, context.Engine, 0), "dnnl_reorder_primitive_desc_create");
        return new DnnlPrimitive(pd);
    }

    /// <summary>The layout the primitive chose for an argument (DNNL_ARG_*).</summary>
    public DnnlMemoryDesc ArgumentDesc(int arg) => *PrimitiveDescQueryMd(Descriptor, QueryExecArgMd, arg);

    public void Execute(DnnlContext context, ReadOnlySpan<ExecArg> args)
    {
        fixed (ExecArg* a = args) Check(PrimitiveExecute(_primitive, context.Stream, args.Length, a), "dnnl_primitive_execute");
    }

    public void Execute(DnnlContext context, DnnlMemory from, DnnlMemory to) =>
        Execute(context, [new ExecArg { Arg = ArgFrom, Memory = from.Handle }, new ExecArg { Arg = ArgTo, Memory = to.Handle }]);

    public void Dispose()
    {
        PrimitiveDestroy(_primitive);
        PrimitiveDescDestroy(Descriptor);
    }
}
