using CharRnnLsp.Core.Backends.Cpu;
using CharRnnLsp.Core.Backends.OneDnn.Native;
using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Kernels;
using CharRnnLsp.Core.Model;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace CharRnnLsp.Core.Backends.OneDnn;

/// <summary>
/// Forward and backward of an LSTM model over B streams x T steps with the LSTM layers as oneDNN primitives and
/// the rest ours: the embedding gather and scatter, inverted dropout between layers, the decoder and the fused
/// softmax cross-entropy (<see cref="DecoderLoss"/>). The hidden state is carried as in TrainingGraph, the same
/// [L, S, B, H] layout. Threads are oneDNN's OpenMP threads; our own parts run on the calling thread.
/// Memory beyond the layers': N = T B rows of E (embedded input), L N H outputs (twice with dropout),
/// N V logits, N max(E, H) twice for gradients, 2 L B H states.
/// </summary>
internal sealed unsafe class OneDnnTrainingGraph : IDisposable
{
    public CharModel Model { get; }
    public int Threads { get; }

    private readonly DnnlContext _context = new();
    private readonly DnnlLstmLayer[] _layers;
    private readonly int _t, _b, _n, _e, _h, _v;
    private readonly NativeBuffer _embedded, _outputs, _dropped, _logits, _initial;
    private NativeBuffer _dTop, _dBelow;                  // swapped after each layer's backward
    private readonly float[] _hidden;  // [L, S = 2, B, H]
    private readonly float[] _masks;   // [L, T, B, H] inverted-dropout masks
    private readonly int[] _inputs, _targets;

    public OneDnnTrainingGraph(CharModel model, int batchSize, int seqLength, int threads)
    {
        var c = model.Config;
        if (c.Cell != CellType.Lstm) throw new ArgumentException($"the oneDNN engine trains LSTMs only, not {c.Cell}");
        if (batchSize < 1 || seqLength < 1) throw new ArgumentException($"batch size and sequence length must be positive, got {batchSize} and {seqLength}");
        Model = model;
        Threads = threads == 0 ? Environment.ProcessorCount : threads;
        (_t, _b, _e, _h, _v) = (seqLength, batchSize, c.EmbeddingSize, c.HiddenSize, c.VocabSize);
        _n = _t * _b;
        // oneDNN sizes a primitive's work split by the thread count when it is created, so set it first.
        DnnlNative.OmpSetNumThreads(Threads);
        _layers = new DnnlLstmLayer[c.Layers];
        for (int l = 0; l < c.Layers; l++) _layers[l] = new DnnlLstmLayer(_context, _t, _b, l == 0 ? _e : _h, _h);
        _embedded = new((long)_n * _e);                                  // [T, B, E]
        _outputs = new((long)c.Layers * _n * _h);                        // [L][T, B, H]
        _dropped = new(c.Dropout > 0 ? (long)c.Layers * _n * _h : 0);    // [L][T, B, H] output * mask
        _logits = new((long)_n * _v);                                    // [N, V], then dLogits
        _dTop = new((long)_n * Math.Max(_e, _h));                        // [T, B, H] into a layer, [T, B, E] out of layer 0
        _dBelow = new((long)_n * Math.Max(_e, _h));
        _initial = new((long)c.Layers * 2 * _b * _h);                    // [L, S, B, H] state at the call's start
        _hidden = new float[c.Layers * 2 * _b * _h];
        _masks = c.Dropout > 0 ? new float[c.Layers * _n * _h] : [];
        _inputs = new int[_n];
        _targets = new int[_n];
        Blas.SetThreads(1);
    }

    /// <summary>Carried state, [L, S, B, H].</summary>
    public float[] Hidden => _hidden;

    public void ResetHidden() => Array.Clear(_hidden);

    /// <summary>As TrainingGraph.ForwardBackward: overwrites gradients [P] with d(mean loss)/d(parameters) and
    /// returns the mean cross-entropy in nats/char; dropout masks come from rng in the same order.</summary>
    public float ForwardBackward(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, float[] gradients, DeterministicRandom rng)
    {
        var c = Model.Config;
        if (gradients.Length != Model.Layout.TotalLength)
            throw new ArgumentException($"expected {Model.Layout.TotalLength} gradients, got {gradients.Length}");
        TrainingGraph.CheckBatch(inputs, targets, _n, _v);
        inputs.CopyTo(_inputs);
        targets.CopyTo(_targets);
        bool dropout = c.Dropout > 0;
        if (dropout) TrainingGraph.DrawMasks(_masks, c.Dropout, rng);
        DnnlNative.OmpSetNumThreads(Threads); // per calling thread: the step may run on another than the constructor
        var o = Model.Offsets;
        double loss;
        fixed (float* p = Model.Parameters) fixed (float* g = gradients) fixed (float* hidden = _hidden)
        fixed (float* masks = _masks) fixed (int* tokens = _inputs) fixed (int* next = _targets)
        {
            Gather(p + o.Embedding, tokens);
            Buffer.MemoryCopy(hidden, _initial.Ptr, _hidden.Length * 4L, _hidden.Length * 4L);
            for (int l = 0; l < _layers.Length; l++)
            {
                float* h0 = _initial.Ptr + (long)l * 2 * _b * _h, hT = hidden + (long)l * 2 * _b * _h;
                _layers[l].Forward(p + o.WeightIh[l], p + o.WeightHh[l], p + o.BiasIh[l], p + o.BiasHh[l],
                    l == 0 ? _embedded.Ptr : Output(l - 1, dropout), h0, h0 + _b * _h, Raw(l), hT, hT + _b * _h);
                _context.Wait();
                if (dropout) TP.Multiply(Vec.S(Raw(l), _n * _h), Vec.S(masks + (long)l * _n * _h, _n * _h), Vec.S(Output(l, true), _n * _h));
            }
            float* top = Output(_layers.Length - 1, dropout);
            loss = DecoderLoss.Forward(p + o.DecoderWeight, p + o.DecoderBias, top, _logits.Ptr, next, _t, _b, _b, 0,
                _h, _v, 1f / _n, null);
            DecoderLoss.Backward(p + o.DecoderWeight, _logits.Ptr, top, _n, _h, _v, g + o.DecoderWeight, g + o.DecoderBias, _dTop.Ptr);
            for (int l = _layers.Length - 1; l >= 0; l--)
            {
                if (dropout) Vec.MultiplyInPlace(_dTop.Ptr, masks + (long)l * _n * _h, _n * _h);
                _layers[l].Backward(p + o.WeightIh[l], p + o.WeightHh[l], _dTop.Ptr, _dBelow.Ptr,
                    g + o.WeightIh[l], g + o.WeightHh[l], g + o.BiasIh[l], g + o.BiasHh[l]);
                _context.Wait();
                (_dTop, _dBelow) = (_dBelow, _dTop);
            }
            Scatter(g + o.Embedding, tokens); // _dTop now holds dLoss/d(embedded) [T, B, E]
        }
        return (float)(loss / _n);
    }

    private float* Raw(int layer) => _outputs.Ptr + (long)layer * _n * _h;
    /// <summary>Layer output as the next layer and the decoder see it: [T, B, H].</summary>
    private float* Output(int layer, bool dropout) => dropout ? _dropped.Ptr + (long)layer * _n * _h : Raw(layer);

    // embedded[n, E] = Emb[tokens[n], E]
    private void Gather(float* embedding, int* tokens)
    {
        for (int n = 0; n < _n; n++) Buffer.MemoryCopy(embedding + (long)tokens[n] * _e, _embedded.Ptr + (long)n * _e, _e * 4L, _e * 4L);
    }

    // dEmb[V, E] = sum over n with tokens[n] = v of dEmbedded[n, E]
    private void Scatter(float* gradEmbedding, int* tokens)
    {
        new Span<float>(gradEmbedding, _v * _e).Clear();
        for (int n = 0; n < _n; n++)
        {
            var row = Vec.S(gradEmbedding + (long)tokens[n] * _e, _e);
            TP.Add(row, Vec.S(_dTop.Ptr + (long)n * _e, _e), row);
        }
    }

    public void Dispose()
    {
        foreach (var l in _layers) l.Dispose();
        foreach (var b in new[] { _embedded, _outputs, _dropped, _logits, _dTop, _dBelow, _initial }) b.Dispose();
        _context.Dispose();
    }
}
