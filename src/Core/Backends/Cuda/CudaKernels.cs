using System.Text;
using CharRnnLsp.Core.Backends.Cuda.Native;

namespace CharRnnLsp.Core.Backends.Cuda;

/// <summary>
/// The kernels of Kernels.cu loaded from their CUBIN, each behind a method that takes the kernel's
/// arguments and picks its launch shape. Device pointers are ulong; every launch is queued on the
/// device's stream.
/// </summary>
internal sealed unsafe class CudaKernels : IDisposable
{
    private const uint Block = 256; // Kernels.cu's BLOCK
    private const uint MaxGridX = int.MaxValue;
    /// <summary>Blocks of sum_squares_partial: enough to fill a large GPU, few enough to add up in one block.</summary>
    public const int ReductionBlocks = 1024;

    public static readonly string[] Names =
    [
        "gather_rows", "embedding_grad_partial", "sum_chunks", "add_row_bias", "softmax_cross_entropy", "sum_to_scalar",
        "sum_squares_partial", "clip_scale", "adam_step", "rmsprop_step", "dropout_forward", "multiply_in_place",
    ];

    private readonly CudaDevice _device;
    private nint _module;
    private readonly Dictionary<string, nint> _functions = [];

    public CudaKernels(CudaDevice device, byte[] cubin)
    {
        _device = device;
        nint module;
        fixed (byte* image = cubin) CudaDriverNative.Check(CudaDriverNative.ModuleLoadData(&module, image), "cuModuleLoadData");
        _module = module;
        foreach (var name in Names)
        {
            nint function;
            fixed (byte* text = Encoding.ASCII.GetBytes(name + "\0"))
                CudaDriverNative.Check(CudaDriverNative.ModuleGetFunction(&function, module, text), $"cuModuleGetFunction({name})");
            _functions[name] = function;
        }
    }

    /// <summary>out[i, :] = table[idx[i], :]   idx [n] ints, table [*, width], out [n, width].</summary>
    public void GatherRows(ulong idx, ulong table, ulong output, int n, int width)
    {
        void** a = stackalloc void*[] { &idx, &table, &output, &n, &width };
        Launch("gather_rows", Grid((long)n * width), Block, a);
    }

    /// <summary>Rows of the embedding gradient that one pass of <see cref="EmbeddingGradient"/> sums per chunk.</summary>
    public const int EmbeddingChunk = 128;

    /// <summary>Partial sums [chunks, rows, width] that <see cref="EmbeddingGradient"/> needs for n input rows.</summary>
    public static long EmbeddingPartials(int n, int rows, int width) => (long)(n + EmbeddingChunk - 1) / EmbeddingChunk * rows * width;

    /// <summary>tableGrad[v, :] = sum of source[i, :] over idx[i] == v (embedding backward), deterministic:
    /// idx [n] ints, source [n, width], tableGrad [rows, width], partials [EmbeddingPartials(n, rows, width)].</summary>
    public void EmbeddingGradient(ulong idx, ulong source, ulong tableGradient, ulong partials, int n, int rows, int width)
    {
        int chunk = EmbeddingChunk, chunks = (n + chunk - 1) / chunk;
        long count = (long)rows * width;
        void** a = stackalloc void*[] { &idx, &source, &partials, &n, &rows, &width, &chunk };
        Launch("embedding_grad_partial", Grid(chunks * count), Block, a);
        void** b = stackalloc void*[] { &partials, &chunks, &count, &tableGradient };
        Launch("sum_chunks", Grid(count), Block, b);
    }

    /// <summary>x[i, :] += bias   x [n, width].</summary>
    public void AddRowBias(ulong x, ulong bias, int n, int width)
    {
        void** a = stackalloc void*[] { &x, &bias, &n, &width };
        Launch("add_row_bias", Grid((long)n * width), Block, a);
    }

    /// <summary>rowLoss[i] = cross-entropy of row i; dlogits = (softmax - onehot) * scale unless dlogits is 0.</summary>
    public void SoftmaxCrossEntropy(ulong logits, ulong targets, ulong dlogits, ulong rowLoss, int n, int v, float scale)
    {
        void** a = stackalloc void*[] { &logits, &targets, &dlogits, &rowLoss, &n, &v, &scale };
        Launch("softmax_cross_entropy", (uint)n, Block, a);
    }

    /// <summary>output[0] (a double) = sum of x[0..n).</summary>
    public void SumToScalar(ulong x, int n, ulong output)
    {
        void** a = stackalloc void*[] { &x, &n, &output };
        Launch("sum_to_scalar", 1, Block, a);
    }

    /// <summary>partials [ReductionBlocks] doubles = sums of squares of x [n] by block.</summary>
    public void SumSquaresPartial(ulong x, long n, ulong partials)
    {
        void** a = stackalloc void*[] { &x, &n, &partials };
        Launch("sum_squares_partial", ReductionBlocks, Block, a);
    }

    /// <summary>norm[0] = sqrt(sum of partials); scale[0] = the clipping factor for maxNorm.</summary>
    public void ClipScale(ulong partials, int count, float maxNorm, ulong norm, ulong scale)
    {
        void** a = stackalloc void*[] { &partials, &count, &maxNorm, &norm, &scale };
        Launch("clip_scale", 1, Block, a);
    }

    public void AdamStep(ulong p, ulong g, ulong m, ulong s, long n, float stepSize, float root2, ulong gradScale)
    {
        void** a = stackalloc void*[] { &p, &g, &m, &s, &n, &stepSize, &root2, &gradScale };
        Launch("adam_step", Grid(n), Block, a);
    }

    public void RmsPropStep(ulong p, ulong g, ulong meanSquare, long n, float learningRate, ulong gradScale)
    {
        void** a = stackalloc void*[] { &p, &g, &meanSquare, &n, &learningRate, &gradScale };
        Launch("rmsprop_step", Grid(n), Block, a);
    }

    /// <summary>x *= mask, mask drawn from (seed, index): 0 with probability p, else 1 / (1 - p).</summary>
    public void DropoutForward(ulong x, ulong mask, long n, float p, ulong seed)
    {
        void** a = stackalloc void*[] { &x, &mask, &n, &p, &seed };
        Launch("dropout_forward", Grid(n), Block, a);
    }

    public void MultiplyInPlace(ulong x, ulong mask, long n)
    {
        void** a = stackalloc void*[] { &x, &mask, &n };
        Launch("multiply_in_place", Grid(n), Block, a);
    }

    private static uint Grid(long threads)
    {
        long blocks = (threads + Block - 1) / Block;
        if (blocks > MaxGridX) throw new CudaException($"a kernel launch of {threads:N0} threads is larger than one grid allows");
        return (uint)Math.Max(blocks, 1);
    }

    private void Launch(string name, uint grid, uint block, void** arguments)
        => CudaDriverNative.Check(CudaDriverNative.LaunchKernel(_functions[name], grid, 1, 1, block, 1, 1, 0, _device.Stream, arguments, null),
            $"launching {name}");

    public void Dispose()
    {
        if (_module != 0) CudaDriverNative.ModuleUnload(_module);
        _module = 0;
    }
}
