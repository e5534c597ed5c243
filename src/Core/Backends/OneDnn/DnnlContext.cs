using CharRnnLsp.Core.Backends.OneDnn.Native;
using static CharRnnLsp.Core.Backends.OneDnn.Native.DnnlNative;

namespace CharRnnLsp.Core.Backends.OneDnn;

/// <summary>oneDNN's CPU engine, an in-order stream, and the attributes every primitive is created with: user
/// scratchpad mode, so the primitives of one context work in its one scratchpad (they run one after another; at
/// 2x512 each LSTM primitive wants about 50 MB) instead of the library's global one, which workers executing at
/// the same time would share.</summary>
internal sealed unsafe class DnnlContext : IDisposable
{
    public nint Engine { get; }
    public nint Stream { get; }
    public nint Attributes { get; }
    private Cpu.NativeBuffer _scratchpad = new(0);

    public DnnlContext()
    {
        if (!IsAvailable) throw new DnnlException($"oneDNN: {UnavailableReason}");
        nint engine, stream;
        Check(EngineCreate(&engine, CpuEngine, 0), "dnnl_engine_create");
        Engine = engine;
        Check(StreamCreate(&stream, engine, StreamDefaultFlags), "dnnl_stream_create");
        Stream = stream;
        nint attr;
        Check(PrimitiveAttrCreate(&attr), "dnnl_primitive_attr_create");
        Attributes = attr;
        Check(PrimitiveAttrSetScratchpadMode(attr, ScratchpadModeUser), "dnnl_primitive_attr_set_scratchpad_mode");
    }

    public void Wait() => Check(StreamWait(Stream), "dnnl_stream_wait");

    /// <summary>The shared scratchpad, grown to at least this many bytes (primitives ask while they are built,
    /// before anything runs, and take the pointer at each execute).</summary>
    public float* Scratchpad(long bytes)
    {
        if (_scratchpad.Length * sizeof(float) < bytes)
        {
            _scratchpad.Dispose();
            _scratchpad = new Cpu.NativeBuffer((bytes + sizeof(float) - 1) / sizeof(float));
        }
        return _scratchpad.Ptr;
    }

    /// <summary>A plain f32 descriptor of the given dims and tag (TagAny lets a primitive choose).</summary>
    public static DnnlMemoryDesc Desc(int tag, params long[] dims)
    {
        var desc = default(DnnlMemoryDesc);
        fixed (long* d = dims) Check(MemoryDescInitByTag(&desc, dims.Length, d, F32, tag), "dnnl_memory_desc_init_by_tag");
        return desc;
    }

    public void Dispose()
    {
        _scratchpad.Dispose();
        PrimitiveAttrDestroy(Attributes);
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
        fixed (DnnlMemoryDesc* d = &Desc) Floats = ((long)MemoryDescGetSize(d) + sizeof(float) - 1) / sizeof(float); // scratchpads: bytes
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

/// <summary>A primitive built from its primitive descriptor (which stays alive for queries and as a hint), working
/// in its context's scratchpad.</summary>
internal sealed unsafe class DnnlPrimitive : IDisposable
{
    public nint Descriptor { get; }
    private readonly nint _primitive;
    private readonly DnnlContext _context;
    private readonly DnnlMemory _scratchpad;

    public DnnlPrimitive(DnnlContext context, nint descriptor)
    {
        (_context, Descriptor) = (context, descriptor);
        nint primitive;
        Check(PrimitiveCreate(&primitive, descriptor), "dnnl_primitive_create");
        _primitive = primitive;
        _scratchpad = new DnnlMemory(context, ArgumentDesc(ArgScratchpad), allocate: false);
        context.Scratchpad(_scratchpad.Floats * sizeof(float));
    }

    /// <summary>A reorder from one layout to another (weights into the layout a primitive chose, and back).</summary>
    public static DnnlPrimitive Reorder(DnnlContext context, DnnlMemoryDesc from, DnnlMemoryDesc to)
    {
        nint pd;
        Check(ReorderPrimitiveDescCreate(&pd, &from, context.Engine, &to, context.Engine, context.Attributes),
            "dnnl_reorder_primitive_desc_create");
        return new DnnlPrimitive(context, pd);
    }

    /// <summary>The layout the primitive chose for an argument (DNNL_ARG_*).</summary>
    public DnnlMemoryDesc ArgumentDesc(int arg) => *PrimitiveDescQueryMd(Descriptor, QueryExecArgMd, arg);

    /// <summary>Runs it with these arguments and its scratchpad.</summary>
    public void Execute(ReadOnlySpan<ExecArg> args)
    {
        Span<ExecArg> all = stackalloc ExecArg[args.Length + 1];
        args.CopyTo(all);
        _scratchpad.PointAt(_context.Scratchpad(_scratchpad.Floats * sizeof(float)));
        all[^1] = new ExecArg { Arg = ArgScratchpad, Memory = _scratchpad.Handle };
        fixed (ExecArg* a = all) Check(PrimitiveExecute(_primitive, _context.Stream, all.Length, a), "dnnl_primitive_execute");
    }

    public void Execute(DnnlMemory from, DnnlMemory to) =>
        Execute([new ExecArg { Arg = ArgFrom, Memory = from.Handle }, new ExecArg { Arg = ArgTo, Memory = to.Handle }]);

    public void Dispose()
    {
        PrimitiveDestroy(_primitive);
        PrimitiveDescDestroy(Descriptor);
        _scratchpad.Dispose();
    }
}
