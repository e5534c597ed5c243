using CharRnnLsp.Core.Backends.Cuda.Native;
using CharRnnLsp.Core.Model;

namespace CharRnnLsp.Core.Backends.Cuda;

/// <summary>
/// cuDNN's multi-layer recurrent stack (nn.LSTM, nn.GRU or nn.RNN with tanh, same gate order) for one batch
/// shape: its descriptors, its weight space and the map between that and our flat parameter layout, and its
/// work and reserve space. Sequences are time-major and packed: x [T, B, in], y [T, B, H]; hidden and cell
/// states [L, B, H]. In training mode the dropout between layers is cuDNN's, as in nn.LSTM.
/// </summary>
internal sealed unsafe class CudnnRnn : IDisposable
{
    /// <summary>A run of floats that is contiguous both in our layout and in cuDNN's weight space.</summary>
    private readonly record struct Segment(long Ours, long Theirs, long Length);

    private readonly CudaDevice _device;
    private readonly int _forwardMode;
    private readonly float _betweenLayers; // dropout probability between layers: cuDNN's, in training mode only
    private readonly ModelConfig _config;
    private nint _rnn, _dropout, _xDescriptor, _yDescriptor, _stateDescriptor;
    private readonly DeviceBuffer _weights, _weightGradients, _work, _reserve, _dropoutStates, _sequenceLengths;
    private readonly Segment[] _segments;

    public CudnnRnn(CudaDevice device, ModelConfig config, ParameterLayout layout, int batch, int seqLength, bool training)
    {
        _device = device;
        device.MakeCurrent();
        nint handle = device.Dnn, rnn, dropout, x, y, state;
        _forwardMode = training ? CudnnNative.ForwardTraining : CudnnNative.ForwardInference;
        int h = config.HiddenSize, e = config.EmbeddingSize;

        CudnnNative.Check(CudnnNative.CreateDropoutDescriptor(&dropout), "cudnnCreateDropoutDescriptor");
        _dropout = dropout;
        _betweenLayers = training && config.Layers > 1 ? config.Dropout : 0f;
        nuint stateBytes = 0;
        if (HasDropout) CudnnNative.Check(CudnnNative.DropoutGetStatesSize(handle, &stateBytes), "cudnnDropoutGetStatesSize");
        _dropoutStates = new DeviceBuffer(device, (long)stateBytes);
        ReseedDropout(0);

        CudnnNative.Check(CudnnNative.CreateRnnDescriptor(&rnn), "cudnnCreateRNNDescriptor");
        _rnn = rnn;
        _config = config;
        DescribeRnn();

        var lengths = Enumerable.Repeat(seqLength, batch).ToArray();
        _sequenceLengths = new DeviceBuffer(device, batch * sizeof(int));
        _sequenceLengths.Upload<int>(lengths);
        _xDescriptor = x = DataDescriptor(seqLength, batch, e, lengths);
        _yDescriptor = y = DataDescriptor(seqLength, batch, h, lengths);
        CudnnNative.Check(CudnnNative.CreateTensorDescriptor(&state), "cudnnCreateTensorDescriptor");
        _stateDescriptor = state;
        SetTensor(state, [config.Layers, batch, h]);

        nuint weightBytes, workBytes, reserveBytes;
        CudnnNative.Check(CudnnNative.GetRnnWeightSpaceSize(handle, rnn, &weightBytes), "cudnnGetRNNWeightSpaceSize");
        CudnnNative.Check(CudnnNative.GetRnnTempSpaceSizes(handle, rnn, _forwardMode, x, &workBytes, &reserveBytes), "cudnnGetRNNTempSpaceSizes");
        _weights = new DeviceBuffer(device, (long)weightBytes);
        _weightGradients = new DeviceBuffer(device, training ? (long)weightBytes : 0);
        _work = new DeviceBuffer(device, (long)workBytes);
        _reserve = new DeviceBuffer(device, training ? (long)reserveBytes : 0);
        _segments = MapWeightSpace(config, layout);
    }

    /// <summary>Whether cuDNN drops out between layers (training mode, more than one layer, dropout > 0).</summary>
    public bool HasDropout => _betweenLayers > 0;

    /// <summary>Restarts cuDNN's dropout generator, whose state lives in the states buffer on the device, from
    /// <paramref name="seed"/>. Slow-ish (cuDNN initialises the generator with a kernel), so not for every step.</summary>
    public void ReseedDropout(ulong seed)
    {
        _device.MakeCurrent();
        CudnnNative.Check(CudnnNative.SetDropoutDescriptor(_dropout, _device.Dnn, _betweenLayers, _dropoutStates.Pointer, (nuint)_dropoutStates.Bytes, seed),
            "cudnnSetDropoutDescriptor");
        if (HasDropout) _device.SynchronizeContext(); // in case cuDNN initialises the states off the handle's stream
        // The headers leave open whether the RNN descriptor refers to the dropout descriptor or copies its settings:
        // describing the RNN again makes it take the restarted generator either way (same sizes and layout).
        if (_rnn != 0) DescribeRnn();
    }

    private void DescribeRnn()
    {
        int mode = _config.Cell switch { CellType.Lstm => CudnnNative.ModeLstm, CellType.Gru => CudnnNative.ModeGru, _ => CudnnNative.ModeRnnTanh };
        int mathType = _device.MathOptions.AllowTf32 ? CudnnNative.DefaultMath : CudnnNative.FmaMath;
        CudnnNative.Check(CudnnNative.SetRnnDescriptor(_rnn, CudnnNative.AlgoStandard, mode, CudnnNative.DoubleBias, CudnnNative.Unidirectional,
            CudnnNative.LinearInput, CudnnNative.DataFloat, CudnnNative.DataFloat, mathType, _config.EmbeddingSize, _config.HiddenSize,
            _config.HiddenSize, _config.Layers, _dropout, CudnnNative.PaddedIoDisabled), "cudnnSetRNNDescriptor_v8");
    }

    /// <summary>Weight space = our rnn.* tensors (flat parameters [P] on the device).</summary>
    public void CopyParametersIn(ulong flatParameters)
    {
        foreach (var s in _segments)
            CudaDriverNative.Check(CudaDriverNative.MemcpyDtoDAsync(_weights.At<float>(s.Theirs), flatParameters + (ulong)(s.Ours * 4),
                (nuint)(s.Length * 4), _device.Stream), "cuMemcpyDtoDAsync");
    }

    /// <summary>Our rnn.* gradients (flat gradients [P] on the device) = the weight-space gradients of the last backward.</summary>
    public void CopyGradientsOut(ulong flatGradients)
    {
        foreach (var s in _segments)
            CudaDriverNative.Check(CudaDriverNative.MemcpyDtoDAsync(flatGradients + (ulong)(s.Ours * 4), _weightGradients.At<float>(s.Theirs),
                (nuint)(s.Length * 4), _device.Stream), "cuMemcpyDtoDAsync");
    }

    /// <summary>x [T, B, E] -> y [T, B, H]; (hx, cx) -> (hy, cy), each [L, B, H] (c only for LSTM, else 0).</summary>
    public void Forward(ulong x, ulong y, ulong hx, ulong cx, ulong hy, ulong cy)
        => CudnnNative.Check(CudnnNative.RnnForward(_device.Dnn, _rnn, _forwardMode, _sequenceLengths.Pointer,
            _xDescriptor, x, _yDescriptor, y, _stateDescriptor, hx, hy, _stateDescriptor, cx, cy,
            (nuint)_weights.Bytes, _weights.Pointer, (nuint)_work.Bytes, _work.Pointer, (nuint)_reserve.Bytes, _reserve.Pointer), "cudnnRNNForward");

    /// <summary>dx [T, B, E] from dy [T, B, H]; no gradient flows into the carried state (truncated BPTT).</summary>
    public void BackwardData(ulong y, ulong dy, ulong dx, ulong hx, ulong cx)
        => CudnnNative.Check(CudnnNative.RnnBackwardData(_device.Dnn, _rnn, _sequenceLengths.Pointer,
            _yDescriptor, y, dy, _xDescriptor, dx, _stateDescriptor, hx, 0, 0, _stateDescriptor, cx, 0, 0,
            (nuint)_weights.Bytes, _weights.Pointer, (nuint)_work.Bytes, _work.Pointer, (nuint)_reserve.Bytes, _reserve.Pointer), "cudnnRNNBackwardData_v8");

    /// <summary>Weight-space gradients from x, hx and y of the forward pass (after BackwardData, which fills the reserve).</summary>
    public void BackwardWeights(ulong x, ulong hx, ulong y)
    {
        _weightGradients.Clear();
        CudnnNative.Check(CudnnNative.RnnBackwardWeights(_device.Dnn, _rnn, CudnnNative.WgradAdd, _sequenceLengths.Pointer,
            _xDescriptor, x, _stateDescriptor, hx, _yDescriptor, y, (nuint)_weightGradients.Bytes, _weightGradients.Pointer,
            (nuint)_work.Bytes, _work.Pointer, (nuint)_reserve.Bytes, _reserve.Pointer), "cudnnRNNBackwardWeights_v8");
    }

    // cuDNN numbers a layer's matrices and biases by linLayerID: 0..G-1 act on the input (our weight_ih rows,
    // gate by gate, in PyTorch's order), G..2G-1 on the previous hidden state (weight_hh). Where each lives is
    // cuDNN's business, so ask for every one and record where it goes in our layout.
    private Segment[] MapWeightSpace(ModelConfig config, ParameterLayout layout)
    {
        int g = config.Gates, h = config.HiddenSize;
        nint matrix, bias;
        CudnnNative.Check(CudnnNative.CreateTensorDescriptor(&matrix), "cudnnCreateTensorDescriptor");
        CudnnNative.Check(CudnnNative.CreateTensorDescriptor(&bias), "cudnnCreateTensorDescriptor");
        var segments = new List<Segment>();
        try
        {
            for (int l = 0; l < config.Layers; l++)
            {
                int inputs = l == 0 ? config.EmbeddingSize : h;
                for (int id = 0; id < 2 * g; id++)
                {
                    bool recurrent = id >= g;
                    int columns = recurrent ? h : inputs;
                    string side = recurrent ? "hh" : "ih";
                    ulong matrixAddress, biasAddress;
                    CudnnNative.Check(CudnnNative.GetRnnWeightParams(_device.Dnn, _rnn, l, (nuint)_weights.Bytes, _weights.Pointer, id,
                        matrix, &matrixAddress, bias, &biasAddress), "cudnnGetRNNWeightParams");
                    CheckElements(matrix, (long)h * columns, $"layer {l} matrix {id}");
                    CheckElements(bias, h, $"layer {l} bias {id}");
                    segments.Add(new(layout[$"rnn.weight_{side}_l{l}"].Offset + (long)(id % g) * h * columns, Offset(matrixAddress), (long)h * columns));
                    segments.Add(new(layout[$"rnn.bias_{side}_l{l}"].Offset + (long)(id % g) * h, Offset(biasAddress), h));
                }
            }
        }
        finally
        {
            CudnnNative.DestroyTensorDescriptor(matrix);
            CudnnNative.DestroyTensorDescriptor(bias);
        }
        return Merge(segments);
    }

    private long Offset(ulong address)
    {
        if (address < _weights.Pointer || address >= _weights.Pointer + (ulong)_weights.Bytes)
            throw new CudaException("cuDNN reported a weight outside its weight space");
        return (long)(address - _weights.Pointer) / sizeof(float);
    }

    private static void CheckElements(nint descriptor, long expected, string what)
    {
        int dataType, dimensions;
        int* sizes = stackalloc int[8], strides = stackalloc int[8];
        CudnnNative.Check(CudnnNative.GetTensorNdDescriptor(descriptor, 8, &dataType, &dimensions, sizes, strides), "cudnnGetTensorNdDescriptor");
        long elements = 1;
        for (int i = 0; i < dimensions; i++) elements *= sizes[i];
        if (elements != expected)
            throw new CudaException($"cuDNN's {what} has {elements} elements where nn.LSTM's layout has {expected}");
    }

    // Adjacent runs that continue each other on both sides become one copy (usually a whole layer).
    private static Segment[] Merge(List<Segment> segments)
    {
        var merged = new List<Segment>();
        foreach (var s in segments.OrderBy(s => s.Ours))
        {
            if (merged.Count > 0 && merged[^1] is var last && last.Ours + last.Length == s.Ours && last.Theirs + last.Length == s.Theirs)
                merged[^1] = last with { Length = last.Length + s.Length };
            else merged.Add(s);
        }
        return [.. merged];
    }

    private static nint DataDescriptor(int seqLength, int batch, int width, int[] lengths)
    {
        nint descriptor;
        CudnnNative.Check(CudnnNative.CreateRnnDataDescriptor(&descriptor), "cudnnCreateRNNDataDescriptor");
        fixed (int* l = lengths)
            CudnnNative.Check(CudnnNative.SetRnnDataDescriptor(descriptor, CudnnNative.DataFloat, CudnnNative.SeqMajorPacked,
                seqLength, batch, width, l, null), "cudnnSetRNNDataDescriptor");
        return descriptor;
    }

    private static void SetTensor(nint descriptor, int[] sizes)
    {
        var strides = new int[sizes.Length];
        for (int i = sizes.Length - 1, stride = 1; i >= 0; stride *= sizes[i], i--) strides[i] = stride;
        fixed (int* s = sizes) fixed (int* st = strides)
            CudnnNative.Check(CudnnNative.SetTensorNdDescriptor(descriptor, CudnnNative.DataFloat, sizes.Length, s, st), "cudnnSetTensorNdDescriptor");
    }

    public void Dispose()
    {
        if (_rnn == 0) return;
        _device.MakeCurrent();
        CudnnNative.DestroyRnnDataDescriptor(_xDescriptor);
        CudnnNative.DestroyRnnDataDescriptor(_yDescriptor);
        CudnnNative.DestroyTensorDescriptor(_stateDescriptor);
        CudnnNative.DestroyRnnDescriptor(_rnn);
        CudnnNative.DestroyDropoutDescriptor(_dropout);
        foreach (var buffer in (DeviceBuffer[])[_weights, _weightGradients, _work, _reserve, _dropoutStates, _sequenceLengths]) buffer.Dispose();
        _rnn = 0;
    }
}
