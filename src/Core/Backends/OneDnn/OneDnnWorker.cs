using CharRnnLsp.Core.Backends.Cpu;
using CharRnnLsp.Core.Backends.OneDnn.Native;
using CharRnnLsp.Core.Kernels;
using CharRnnLsp.Core.Model;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace CharRnnLsp.Core.Backends.OneDnn;

/// <summary>
/// Forward and backward of an LSTM model for one group of streams [B0, B0 + Bw) of a B-stream batch over T steps,
/// with the LSTM layers as oneDNN primitives (one thread) and the rest ours: layer 0's input, inverted dropout
/// between layers, the decoder and the fused softmax cross-entropy (<see cref="DecoderLoss"/>).
/// Layer 0's input: when the vocabulary is smaller than the embedding (V &lt; E), the primitive gets one-hot
/// symbols [T, Bw, V] and the weights Table = W_ih0 Emb^T [4H, V], so its input GEMMs have V columns, not E (the
/// managed engine's table trick); the gradients come back through dTable. Otherwise it gets the embedding rows.
/// Memory beyond the layers': N = T Bw rows of I0 = min(V, E) inputs, L N H outputs (twice with dropout),
/// N V logits, 2 N max(I0, H) gradients, 4 H V table and its gradient, 2 L Bw H states.
/// </summary>
internal sealed unsafe class OneDnnWorker : IDisposable
{
    private readonly ParameterOffsets _offsets;
    private readonly DnnlContext _context = new(); // its own stream: workers run at the same time
    private readonly DnnlLstmLayer[] _layers;
    private readonly int _t, _b, _b0, _bw, _n, _e, _h, _v, _gh, _input0;
    private readonly bool _oneHot;
    private readonly NativeBuffer _input, _outputs, _dropped, _logits, _initial, _table, _dTable;
    private NativeBuffer _dTop, _dBelow; // swapped after each layer's backward

    /// <summary>Summed cross-entropy (nats) of this worker's last forward.</summary>
    public double LossSum { get; private set; }

    public OneDnnWorker(ModelConfig c, ParameterOffsets offsets, int batch, int seq, int firstStream, int streams)
    {
        _offsets = offsets;
        (_t, _b, _b0, _bw, _e, _h, _v) = (seq, batch, firstStream, streams, c.EmbeddingSize, c.HiddenSize, c.VocabSize);
        (_n, _gh) = (_t * _bw, 4 * _h);
        _oneHot = _v < _e;
        _input0 = _oneHot ? _v : _e;
        _layers = new DnnlLstmLayer[c.Layers];
        for (int l = 0; l < c.Layers; l++) _layers[l] = new DnnlLstmLayer(_context, _t, _bw, l == 0 ? _input0 : _h, _h);
        long widest = (long)_n * Math.Max(_input0, _h);
        _input = new((long)_n * _input0);                                 // [T, Bw, V] one-hot or [T, Bw, E] embedded
        _outputs = new((long)c.Layers * _n * _h);                         // [L][T, Bw, H]
        _dropped = new(c.Dropout > 0 ? (long)c.Layers * _n * _h : 0);     // [L][T, Bw, H] output * mask
        _logits = new((long)_n * _v);                                     // [N, V], then dLogits
        (_dTop, _dBelow) = (new(widest), new(widest));                    // [T, Bw, H] into a layer, [T, Bw, I] out
        _initial = new((long)c.Layers * 2 * _bw * _h);                    // [L, S, Bw, H] state at the call's start
        (_table, _dTable) = _oneHot ? (new NativeBuffer((long)_gh * _v), new NativeBuffer((long)_gh * _v)) : (new(0), new(0));
    }

    /// <param name="p">parameters</param> <param name="g">null for forward only; else overwritten with this group's gradients</param>
    /// <param name="inputs">[T*B] time-major tokens (all streams)</param> <param name="targets">[T*B]</param>
    /// <param name="hidden">[L, S, B, H] carried state, read at start, written at end</param>
    /// <param name="masks">[L, T, B, H] dropout masks or null</param> <param name="gradScale">1 / (B*T)</param>
    public void Run(float* p, float* g, int* inputs, int* targets, float* hidden, float* masks, float gradScale)
    {
        DnnlNative.OmpSetNumThreads(1); // per calling thread: the streams are split between workers instead
        var o = _offsets;
        bool dropout = masks != null;
        PrepareInput(p, inputs);
        long block = (long)_bw * _h;
        for (int l = 0; l < _layers.Length; l++)
        {
            float* hT = hidden + ((long)l * 2 * _b + _b0) * _h, cT = hT + (long)_b * _h, h0 = _initial.Ptr + l * 2 * block;
            Buffer.MemoryCopy(hT, h0, block * 4, block * 4);
            Buffer.MemoryCopy(cT, h0 + block, block * 4, block * 4);
            _layers[l].Forward(l == 0 && _oneHot ? _table.Ptr : p + o.WeightIh[l], p + o.WeightHh[l], p + o.BiasIh[l], p + o.BiasHh[l],
                l == 0 ? _input.Ptr : Output(l - 1, dropout), h0, h0 + block, Raw(l), hT, cT);
            _context.Wait();
            if (dropout) ApplyMask(masks, l, Raw(l), Output(l, true));
        }
        float* top = Output(_layers.Length - 1, dropout);
        LossSum = DecoderLoss.Forward(p + o.DecoderWeight, p + o.DecoderBias, top, _logits.Ptr, targets, _t, _bw, _b, _b0,
            _h, _v, g != null ? gradScale : 0f, null);
        if (g == null) return;

        DecoderLoss.Backward(p + o.DecoderWeight, _logits.Ptr, top, _n, _h, _v, g + o.DecoderWeight, g + o.DecoderBias, _dTop.Ptr);
        for (int l = _layers.Length - 1; l >= 0; l--)
        {
            if (dropout) ApplyMask(masks, l, _dTop.Ptr, _dTop.Ptr);
            bool table = l == 0 && _oneHot;
            _layers[l].Backward(table ? _table.Ptr : p + o.WeightIh[l], p + o.WeightHh[l], _dTop.Ptr, _dBelow.Ptr,
                table ? _dTable.Ptr : g + o.WeightIh[l], g + o.WeightHh[l], g + o.BiasIh[l], g + o.BiasHh[l]);
            _context.Wait();
            (_dTop, _dBelow) = (_dBelow, _dTop);
        }
        InputBackward(p, g, inputs); // _dTop now holds dLoss/d(layer 0's input) [T, Bw, I0]
    }

    private float* Raw(int layer) => _outputs.Ptr + (long)layer * _n * _h;
    /// <summary>Layer output as the next layer and the decoder see it: [T, Bw, H].</summary>
    private float* Output(int layer, bool dropout) => dropout ? _dropped.Ptr + (long)layer * _n * _h : Raw(layer);

    private int Token(int* inputs, int row) => inputs[(long)(row / _bw) * _b + _b0 + row % _bw];

    // One-hot rows and Table[4H, V] = W_ih0[4H, E] Emb^T[E, V]; or embedded[n, E] = Emb[token n, E].
    private void PrepareInput(float* p, int* inputs)
    {
        float* emb = p + _offsets.Embedding;
        if (_oneHot)
        {
            Vec.S(_input.Ptr, _n * _v).Clear();
            for (int r = 0; r < _n; r++) _input.Ptr[(long)r * _v + Token(inputs, r)] = 1f;
            Blas.Gemm(false, true, _gh, _v, _e, 1f, p + _offsets.WeightIh[0], _e, emb, _e, 0f, _table.Ptr, _v);
            return;
        }
        for (int r = 0; r < _n; r++) Buffer.MemoryCopy(emb + (long)Token(inputs, r) * _e, _input.Ptr + (long)r * _e, _e * 4L, _e * 4L);
    }

    // dW_ih0[4H, E] = dTable[4H, V] Emb[V, E]; dEmb[V, E] = dTable^T[V, 4H] W_ih0[4H, E]. Or scatter-add the rows.
    private void InputBackward(float* p, float* g, int* inputs)
    {
        float* gEmb = g + _offsets.Embedding;
        if (_oneHot)
        {
            Blas.Gemm(false, false, _gh, _e, _v, 1f, _dTable.Ptr, _v, p + _offsets.Embedding, _e, 0f, g + _offsets.WeightIh[0], _e);
            Blas.Gemm(true, false, _v, _e, _gh, 1f, _dTable.Ptr, _v, p + _offsets.WeightIh[0], _e, 0f, gEmb, _e);
            return;
        }
        Vec.S(gEmb, _v * _e).Clear();
        for (int r = 0; r < _n; r++)
        {
            var row = Vec.S(gEmb + (long)Token(inputs, r) * _e, _e);
            TP.Add(row, Vec.S(_dTop.Ptr + (long)r * _e, _e), row);
        }
    }

    // masks are [L, T, B, H]: each time step's Bw rows of this group are one contiguous block.
    private void ApplyMask(float* masks, int layer, float* from, float* to)
    {
        int block = _bw * _h;
        for (int t = 0; t < _t; t++)
            TP.Multiply(Vec.S(from + (long)t * block, block), Vec.S(masks + (((long)layer * _t + t) * _b + _b0) * _h, block),
                Vec.S(to + (long)t * block, block));
    }

    public void Dispose()
    {
        foreach (var l in _layers) l.Dispose();
        foreach (var b in new[] { _input, _outputs, _dropped, _logits, _dTop, _dBelow, _initial, _table, _dTable }) b.Dispose();
        _context.Dispose();
    }
}
