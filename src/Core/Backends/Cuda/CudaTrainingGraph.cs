using CharRnnLsp.Core.Backends.Cuda.Native;
using CharRnnLsp.Core.Model;

namespace CharRnnLsp.Core.Backends.Cuda;

/// <summary>
/// Forward and backward of the model on one GPU over B streams x T steps (truncated BPTT), as TrainingGraph
/// does on the CPU: embedding gather -> cuDNN's recurrent stack -> dropout of the top layer -> decoder GEMM
/// -> softmax cross-entropy, and back. Parameters and gradients are flat device buffers in ParameterLayout
/// order. The hidden state is carried from call to call in two [L, B, H] pairs that swap after each call.
/// N = T*B rows, time-major (row t*B + b). A rank of a data-parallel team builds it over its own share of the
/// streams, with the gradients scaled by the whole batch's 1/(T*B): then the ranks' gradients sum to the whole's.
/// </summary>
internal sealed unsafe class CudaTrainingGraph : IDisposable
{
    private readonly CudaDevice _device;
    private readonly ModelConfig _config;
    private readonly ulong _parameters;
    private readonly long _embedding, _decoderWeight, _decoderBias; // float offsets into the flat layout
    private readonly int _rows, _batch;
    private readonly float _gradientScale;                    // d(mean loss)/d(row loss): 1 / the targets the mean is over
    private readonly bool _training;
    private readonly CudnnRnn _rnn;
    private readonly DeviceBuffer _inputs, _targets;          // [N] ints
    private readonly DeviceBuffer _x, _dx;                    // [N, E]
    private readonly DeviceBuffer _y, _top, _dy, _mask;       // [N, H]; _top and _mask only with dropout
    private readonly DeviceBuffer[] _h, _c;                   // two each of [L, B, H]: current and next
    private readonly DeviceBuffer _logits, _dlogits;          // [N, V]
    private readonly DeviceBuffer _rowLoss, _ones;            // [N]
    private readonly DeviceBuffer _embeddingPartials;         // [ceil(N / EmbeddingChunk), V, E]
    private readonly DeviceBuffer _lossSum;                   // [1] double
    private int _current;

    /// <param name="meanOverTargets">The targets the loss is averaged over: T*B (null), or the whole batch's for a rank's share.</param>
    public CudaTrainingGraph(CudaDevice device, CharModel model, DeviceBuffer parameters, int batchSize, int seqLength, bool training,
        int? meanOverTargets = null)
    {
        if (batchSize < 1 || seqLength < 1) throw new ArgumentException($"batch and sequence length must be positive, got {batchSize} x {seqLength}");
        (_device, _config, _parameters, _batch, _training) = (device, model.Config, parameters.Pointer, batchSize, training);
        var c = model.Config;
        var layout = model.Layout;
        (_embedding, _decoderWeight, _decoderBias) = (layout["embedding.weight"].Offset, layout["decoder.weight"].Offset, layout["decoder.bias"].Offset);
        _rows = batchSize * seqLength;
        _gradientScale = 1f / (meanOverTargets ?? _rows);
        long n = _rows, e = c.EmbeddingSize, h = c.HiddenSize, v = c.VocabSize, state = (long)c.Layers * batchSize * h;
        bool dropout = training && c.Dropout > 0;
        _rnn = new CudnnRnn(device, c, layout, batchSize, seqLength, training);
        _inputs = new DeviceBuffer(device, n * sizeof(int));
        _targets = new DeviceBuffer(device, n * sizeof(int));
        _x = DeviceBuffer.Floats(device, n * e);
        _dx = DeviceBuffer.Floats(device, training ? n * e : 0);
        _y = DeviceBuffer.Floats(device, n * h);
        _top = DeviceBuffer.Floats(device, dropout ? n * h : 0);
        _mask = DeviceBuffer.Floats(device, dropout ? n * h : 0);
        _dy = DeviceBuffer.Floats(device, training ? n * h : 0);
        _h = [DeviceBuffer.Floats(device, state), DeviceBuffer.Floats(device, state)];
        _c = c.Cell == CellType.Lstm ? [DeviceBuffer.Floats(device, state), DeviceBuffer.Floats(device, state)] : [DeviceBuffer.Floats(device, 0), DeviceBuffer.Floats(device, 0)];
        _logits = DeviceBuffer.Floats(device, n * v);
        _dlogits = DeviceBuffer.Floats(device, training ? n * v : 0);
        _rowLoss = DeviceBuffer.Floats(device, n);
        _ones = DeviceBuffer.Floats(device, training ? n : 0);
        _ones.Fill(0x3f800000); // 1.0f
        _embeddingPartials = DeviceBuffer.Floats(device, training ? CudaKernels.EmbeddingPartials(_rows, c.VocabSize, c.EmbeddingSize) : 0);
        _lossSum = new DeviceBuffer(device, sizeof(double));
    }

    /// <summary>Whether cuDNN's dropout between layers is in use; see <see cref="CudnnRnn.ReseedDropout"/>.</summary>
    public bool HasCudnnDropout => _rnn.HasDropout;

    public void ReseedCudnnDropout(ulong seed) => _rnn.ReseedDropout(seed);

    /// <summary>Queues forward and backward; <paramref name="gradients"/> [P] becomes d(mean loss)/d(parameters).
    /// The loss stays on the device until <see cref="ReadLossSum"/>.</summary>
    public void ForwardBackward(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, DeviceBuffer gradients, ulong dropoutSeed)
    {
        if (!_training) throw new InvalidOperationException("this graph was built for evaluation");
        var c = _config;
        int n = _rows, h = c.HiddenSize, v = c.VocabSize, e = c.EmbeddingSize;
        ulong top = Forward(inputs, targets, _dlogits.Pointer, dropoutSeed);
        var blas = _device.Blas;
        var k = _device.Kernels;
        gradients.Clear();
        ulong g = gradients.Pointer;
        blas.Gemm(true, false, v, h, n, 1f, _dlogits.Pointer, v, top, h, 0f, g + (ulong)(_decoderWeight * 4), h); // dWd [V, H] = dlogits^T top
        blas.ColumnSums(n, v, _dlogits.Pointer, _ones.Pointer, g + (ulong)(_decoderBias * 4));                     // dbd [V]
        blas.Gemm(false, false, n, h, v, 1f, _dlogits.Pointer, v, Parameter(_decoderWeight), h, 0f, _dy.Pointer, h); // dtop [N, H] = dlogits Wd
        if (_mask.Bytes > 0) k.MultiplyInPlace(_dy.Pointer, _mask.Pointer, (long)n * h);
        _rnn.BackwardData(_y.Pointer, _dy.Pointer, _dx.Pointer, _h[_current].Pointer, _c[_current].Pointer);
        _rnn.BackwardWeights(_x.Pointer, _h[_current].Pointer, _y.Pointer);
        _rnn.CopyGradientsOut(g);
        k.EmbeddingGradient(_inputs.Pointer, _dx.Pointer, g + (ulong)(_embedding * 4), _embeddingPartials.Pointer, n, v, e); // dEmb [V, E]
        _current ^= 1;
    }

    /// <summary>Forward only, no dropout: the summed cross-entropy (nats) over the T*B targets. Waits for the GPU.</summary>
    public double ForwardLoss(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets)
    {
        Forward(inputs, targets, 0, 0);
        _current ^= 1;
        return ReadLossSum();
    }

    /// <summary>The summed loss of the last call, [1] double, still on the device (for a team to sum).</summary>
    public DeviceBuffer LossSum => _lossSum;

    /// <summary>The summed loss of the last call; waits for the GPU (the one host synchronisation of an iteration).</summary>
    public double ReadLossSum()
    {
        Span<double> sum = stackalloc double[1];
        _lossSum.Download(sum);
        return sum[0];
    }

    // Returns the decoder's input: y, or its dropped-out copy.
    private ulong Forward(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, ulong dlogits, ulong dropoutSeed)
    {
        var c = _config;
        int n = _rows, h = c.HiddenSize, v = c.VocabSize, e = c.EmbeddingSize;
        if (inputs.Length != n || targets.Length != n)
            throw new ArgumentException($"expected {n} inputs and targets (T*B), got {inputs.Length} and {targets.Length}");
        foreach (int x in inputs) if ((uint)x >= (uint)v) throw new ArgumentException($"input symbol {x} outside vocabulary of {v}");
        foreach (int x in targets) if ((uint)x >= (uint)v) throw new ArgumentException($"target symbol {x} outside vocabulary of {v}");
        _device.MakeCurrent();
        _inputs.Upload(inputs);
        _targets.Upload(targets);
        var k = _device.Kernels;
        _rnn.CopyParametersIn(_parameters);
        k.GatherRows(_inputs.Pointer, Parameter(_embedding), _x.Pointer, n, e);                                     // x [N, E]
        int next = _current ^ 1;
        _rnn.Forward(_x.Pointer, _y.Pointer, _h[_current].Pointer, _c[_current].Pointer, _h[next].Pointer, _c[next].Pointer);
        ulong top = _y.Pointer;
        if (dlogits != 0 && _mask.Bytes > 0)
        {
            CudaDriverNative.Check(CudaDriverNative.MemcpyDtoDAsync(_top.Pointer, _y.Pointer, (nuint)_y.Bytes, _device.Stream), "cuMemcpyDtoDAsync");
            k.DropoutForward(_top.Pointer, _mask.Pointer, (long)n * h, c.Dropout, dropoutSeed);
            top = _top.Pointer;
        }
        _device.Blas.Gemm(false, true, n, v, h, 1f, top, h, Parameter(_decoderWeight), h, 0f, _logits.Pointer, v); // logits [N, V]
        k.AddRowBias(_logits.Pointer, Parameter(_decoderBias), n, v);
        k.SoftmaxCrossEntropy(_logits.Pointer, _targets.Pointer, dlogits, _rowLoss.Pointer, n, v, _gradientScale);
        k.SumToScalar(_rowLoss.Pointer, n, _lossSum.Pointer);
        return top;
    }

    private ulong Parameter(long offset) => _parameters + (ulong)(offset * 4);

    public void ResetHidden()
    {
        _h[_current].Clear();
        _c[_current].Clear();
    }

    /// <summary>The carried state in the CPU engine's layout, [L, S, B, H] (S = 2 for LSTM: h then c).</summary>
    public float[] DownloadHidden()
    {
        var c = _config;
        int s = c.StateVectorsPerLayer, block = _batch * c.HiddenSize;
        var hidden = new float[c.Layers * s * block];
        for (int l = 0; l < c.Layers; l++)
        {
            _h[_current].Download(hidden.AsSpan((l * s) * block, block), (long)l * block);
            if (s == 2) _c[_current].Download(hidden.AsSpan((l * s + 1) * block, block), (long)l * block);
        }
        return hidden;
    }

    public void UploadHidden(ReadOnlySpan<float> hidden)
    {
        var c = _config;
        int s = c.StateVectorsPerLayer, block = _batch * c.HiddenSize;
        if (hidden.Length != c.Layers * s * block) throw new ArgumentException($"hidden state has {hidden.Length} values, expected {c.Layers * s * block}");
        for (int l = 0; l < c.Layers; l++)
        {
            _h[_current].Upload(hidden.Slice((l * s) * block, block), (long)l * block);
            if (s == 2) _c[_current].Upload(hidden.Slice((l * s + 1) * block, block), (long)l * block);
        }
    }

    public void Dispose()
    {
        _rnn.Dispose();
        foreach (var buffer in (DeviceBuffer[])[_inputs, _targets, _x, _dx, _y, _top, _dy, _mask, .. _h, .. _c, _logits, _dlogits, _rowLoss, _ones, _embeddingPartials, _lossSum])
            buffer.Dispose();
    }
}
