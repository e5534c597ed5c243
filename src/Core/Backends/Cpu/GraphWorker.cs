using CharRnnLsp.Core.Kernels;
using CharRnnLsp.Core.Model;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace CharRnnLsp.Core.Backends.Cpu;

/// <summary>
/// Forward and backward for one contiguous group of streams [B0, B0 + Bw) of a training batch, with its own
/// activations and its own gradient buffer. Shapes below: N = T * Bw rows (time-major), G = gates, H hidden.
/// Memory per worker, in floats ([x] = 1 when x holds, else 0):
///   L (T+1) Bw H (1 + [LSTM])                                  h (and c) for every step, slot 0 = initial
/// + L T Bw (G H [not RNN] + H [LSTM] + H [GRU] + H [dropout])  gates, tanh(c) or W_hn h + b_hn, dropped h
/// + T Bw (G H [L > 1] + G H (1 + [GRU]) + H + V)               x W_ih^T, dGates (ih, hh), dH, logits
/// + Bw (G H + H) + V G H                                       h W_hh^T, dc, dTable
/// + the parameter count, for the gradient copy of every worker but the first.
/// </summary>
internal sealed unsafe class GraphWorker : IDisposable
{
    private readonly ModelConfig _config;
    private readonly ParameterOffsets _offsets;
    private readonly int _t, _b, _b0, _bw, _h, _gh, _v, _e, _layers, _n;
    private readonly CellType _cell;

    private readonly NativeBuffer _hs, _cs, _tanhC, _gates, _hn, _dropped;   // per layer
    private readonly NativeBuffer _preIh, _hh, _logits, _dGates, _dGatesHh, _dH, _dc, _dTable;

    /// <summary>Summed cross-entropy (nats) of this worker's last forward.</summary>
    public double LossSum { get; private set; }

    public GraphWorker(ModelConfig config, ParameterOffsets offsets, int batch, int seq, int firstStream, int streams)
    {
        _config = config; _offsets = offsets; _cell = config.Cell;
        _t = seq; _b = batch; _b0 = firstStream; _bw = streams;
        _h = config.HiddenSize; _gh = config.Gates * _h; _v = config.VocabSize; _e = config.EmbeddingSize;
        _layers = config.Layers; _n = _t * _bw;
        long stateSlots = (long)(_t + 1) * _bw * _h, rowsH = (long)_n * _h, rowsG = (long)_n * _gh;
        _hs = new(_layers * stateSlots);                                  // [L][(T+1), Bw, H], slot 0 = initial h
        _cs = new(_cell == CellType.Lstm ? _layers * stateSlots : 0);     // [L][(T+1), Bw, H]
        _tanhC = new(_cell == CellType.Lstm ? _layers * rowsH : 0);       // [L][T, Bw, H]
        _hn = new(_cell == CellType.Gru ? _layers * rowsH : 0);           // [L][T, Bw, H]  W_hn h + b_hn
        _gates = new(_cell == CellType.Rnn ? 0 : _layers * rowsG);        // [L][T, Bw, G*H] activated
        _dropped = new(config.Dropout > 0 ? _layers * rowsH : 0);         // [L][T, Bw, H] h * mask
        _preIh = new(_layers > 1 ? rowsG : 0);                            // [T, Bw, G*H] x W_ih^T + b_ih
        _hh = new((long)_bw * _gh);                                       // [Bw, G*H]
        _logits = new((long)_n * _v);                                     // [N, V], then dLogits
        _dGates = new(rowsG);                                             // [N, G*H]
        _dGatesHh = new(_cell == CellType.Gru ? rowsG : 0);               // [N, G*H]
        _dH = new(rowsH);                                                 // [N, H]
        _dc = new((long)_bw * _h);                                        // [Bw, H]
        _dTable = new((long)_v * _gh);                                    // [V, G*H]
    }

    private float* Hs(int layer) => _hs.Ptr + (long)layer * (_t + 1) * _bw * _h;
    private float* Cs(int layer) => _cs.Ptr + (long)layer * (_t + 1) * _bw * _h;
    private float* TanhC(int layer) => _tanhC.Ptr + (long)layer * _n * _h;
    private float* Hn(int layer) => _hn.Ptr + (long)layer * _n * _h;
    private float* Gates(int layer) => _gates.Ptr + (long)layer * _n * _gh;
    /// <summary>Layer output as seen by the next layer / decoder: [N, H].</summary>
    private float* Output(int layer, bool dropout) =>
        dropout ? _dropped.Ptr + (long)layer * _n * _h : Hs(layer) + _bw * _h;

    /// <param name="parameters">model parameters</param>
    /// <param name="table">[V, G*H] = Emb W_ih0^T + b_ih0, shared by all workers</param>
    /// <param name="inputs">[T*B] time-major tokens (all streams)</param> <param name="targets">[T*B]</param>
    /// <param name="hidden">[L, S, B, H] carried state, read at start, written at end</param>
    /// <param name="masks">[L, T, B, H] dropout masks or null</param>
    /// <param name="gradients">null for forward only; else overwritten with this worker's gradient share</param>
    /// <param name="gradScale">1 / (B*T): turns the summed loss into the mean</param>
    /// <param name="logitsOut">null, or [T*B, V] time-major: receives each position's logits before the loss
    /// overwrites them with their gradient (dynamic evaluation scores and adapts in one forward)</param>
    public void Run(float* parameters, float* table, int* inputs, int* targets, float* hidden, float* masks,
        float* gradients, float gradScale, float* logitsOut = null)
    {
        bool dropout = masks != null;
        LoadState(hidden);
        for (int l = 0; l < _layers; l++) ForwardLayer(parameters, table, inputs, l, masks);
        float* top = Output(_layers - 1, dropout);
        LossSum = DecoderLoss.Forward(parameters + _offsets.DecoderWeight, parameters + _offsets.DecoderBias, top, _logits.Ptr,
            targets, _t, _bw, _b, _b0, _h, _v, gradients != null ? gradScale : 0f, logitsOut);
        StoreState(hidden);
        if (gradients == null) return;

        DecoderLoss.Backward(parameters + _offsets.DecoderWeight, _logits.Ptr, top, _n, _h, _v,
            gradients + _offsets.DecoderWeight, gradients + _offsets.DecoderBias, _dH.Ptr);
        for (int l = _layers - 1; l >= 0; l--)
        {
            if (dropout) ApplyMask(masks, l, _dH.Ptr);
            BackwardLayer(parameters, inputs, gradients, l, dropout);
        }
    }

    private void LoadState(float* hidden)
    {
        int s = _config.StateVectorsPerLayer;
        long block = (long)_bw * _h;
        for (int l = 0; l < _layers; l++)
        {
            Copy(hidden + ((long)(l * s) * _b + _b0) * _h, Hs(l), block);
            if (_cell == CellType.Lstm) Copy(hidden + ((long)(l * s + 1) * _b + _b0) * _h, Cs(l), block);
        }
    }

    private void StoreState(float* hidden)
    {
        int s = _config.StateVectorsPerLayer;
        long block = (long)_bw * _h, last = (long)_t * block;
        for (int l = 0; l < _layers; l++)
        {
            Copy(Hs(l) + last, hidden + ((long)(l * s) * _b + _b0) * _h, block);
            if (_cell == CellType.Lstm) Copy(Cs(l) + last, hidden + ((long)(l * s + 1) * _b + _b0) * _h, block);
        }
    }

    // masks are [L, T, B, H]: each time step's Bw rows of this worker are one contiguous block.
    private void ApplyMask(float* masks, int layer, float* rows)
    {
        int block = _bw * _h;
        for (int t = 0; t < _t; t++)
            Vec.MultiplyInPlace(rows + (long)t * block, masks + (((long)layer * _t + t) * _b + _b0) * _h, block);
    }

    private void ForwardLayer(float* p, float* table, int* inputs, int l, float* masks)
    {
        float* wIh = p + _offsets.WeightIh[l], wHh = p + _offsets.WeightHh[l];
        float* bIh = p + _offsets.BiasIh[l], bHh = p + _offsets.BiasHh[l];
        if (l > 0)
        {
            // preIh[N, GH] = below[N, H] W_ih^T + b_ih
            for (int r = 0; r < _n; r++) Copy(bIh, _preIh.Ptr + (long)r * _gh, _gh);
            Blas.Gemm(false, true, _n, _gh, _h, 1f, Output(l - 1, masks != null), _h, wIh, _h, 1f, _preIh.Ptr, _gh);
        }
        float* hs = Hs(l);
        long rowsH = (long)_bw * _h;
        for (int t = 0; t < _t; t++)
        {
            float* hPrev = hs + t * rowsH, hNext = hPrev + rowsH;
            // hh[Bw, GH] = hPrev[Bw, H] W_hh^T
            Blas.Gemm(false, true, _bw, _gh, _h, 1f, hPrev, _h, wHh, _h, 0f, _hh.Ptr, _gh);
            float* xBase = l == 0 ? table : _preIh.Ptr + (long)t * _bw * _gh;
            int* xRows = l == 0 ? inputs + (long)t * _b + _b0 : null;
            switch (_cell)
            {
                case CellType.Lstm:
                    LstmCell.Forward(_bw, _h, xBase, xRows, _hh.Ptr, bHh, Gates(l) + (long)t * _bw * _gh,
                        Cs(l) + t * rowsH, Cs(l) + (t + 1) * rowsH, TanhC(l) + t * rowsH, hNext);
                    break;
                case CellType.Gru:
                    GruCell.Forward(_bw, _h, xBase, xRows, _hh.Ptr, bHh, Gates(l) + (long)t * _bw * _gh,
                        Hn(l) + t * rowsH, hPrev, hNext);
                    break;
                default:
                    RnnCell.Forward(_bw, _h, xBase, xRows, _hh.Ptr, bHh, hNext);
                    break;
            }
            if (masks != null)
                TP.Multiply(Vec.S(hNext, (int)rowsH), Vec.S(masks + (((long)l * _t + t) * _b + _b0) * _h, (int)rowsH),
                    Vec.S(_dropped.Ptr + ((long)l * _n + (long)t * _bw) * _h, (int)rowsH));
        }
    }

    /// <summary>Expects _dH = dLoss/dh_t for t = 1..T (mask already applied); leaves dLoss/d(input)[N, H]
    /// of layer l > 0 in _dH, before the lower layer's mask.</summary>
    private void BackwardLayer(float* p, int* inputs, float* g, int l, bool dropout)
    {
        float* wIh = p + _offsets.WeightIh[l], wHh = p + _offsets.WeightHh[l];
        float* hs = Hs(l), dH = _dH.Ptr;
        float* dGatesHh = _cell == CellType.Gru ? _dGatesHh.Ptr : _dGates.Ptr;
        long rowsH = (long)_bw * _h, rowsG = (long)_bw * _gh;
        Vec.S(_dc.Ptr, (int)rowsH).Clear();
        for (int t = _t - 1; t >= 0; t--)
        {
            float* dh = dH + t * rowsH, dg = _dGates.Ptr + t * rowsG;
            switch (_cell)
            {
                case CellType.Lstm:
                    LstmCell.Backward(_bw, _h, Gates(l) + t * rowsG, Cs(l) + t * rowsH, TanhC(l) + t * rowsH, dh, _dc.Ptr, dg);
                    break;
                case CellType.Gru:
                    GruCell.Backward(_bw, _h, Gates(l) + t * rowsG, Hn(l) + t * rowsH, hs + t * rowsH, dh,
                        t > 0 ? dh - rowsH : null, dg, dGatesHh + t * rowsG);
                    break;
                default:
                    RnnCell.Backward(_bw, _h, hs + (t + 1) * rowsH, dh, dg);
                    break;
            }
            // dh_{t-1}[Bw, H] += dGatesHh_t[Bw, GH] W_hh[GH, H]
            if (t > 0) Blas.Gemm(false, false, _bw, _h, _gh, 1f, dGatesHh + t * rowsG, _gh, wHh, _h, 1f, dh - rowsH, _h);
        }
        // dW_hh[GH, H] = dGatesHh^T[GH, N] hPrev[N, H] (slots 0..T-1)
        Blas.Gemm(true, false, _gh, _h, _n, 1f, dGatesHh, _gh, hs, _h, 0f, g + _offsets.WeightHh[l], _h);
        Vec.SumRows(dGatesHh, _n, _gh, g + _offsets.BiasHh[l]);
        if (_cell == CellType.Gru) Vec.SumRows(_dGates.Ptr, _n, _gh, g + _offsets.BiasIh[l]);
        else Copy(g + _offsets.BiasHh[l], g + _offsets.BiasIh[l], _gh); // both biases enter the same sum
        if (l > 0)
        {
            float* below = Output(l - 1, dropout);
            // dW_ih[GH, H] = dGates^T[GH, N] below[N, H];  dBelow[N, H] = dGates[N, GH] W_ih[GH, H]
            Blas.Gemm(true, false, _gh, _h, _n, 1f, _dGates.Ptr, _gh, below, _h, 0f, g + _offsets.WeightIh[l], _h);
            Blas.Gemm(false, false, _n, _h, _gh, 1f, _dGates.Ptr, _gh, wIh, _h, 0f, _dH.Ptr, _h);
            return;
        }
        // Layer 0 saw rows of table = Emb W_ih0^T + b_ih0: scatter dGates into dTable[V, GH], then
        // dW_ih0[GH, E] = dTable^T[GH, V] Emb[V, E];  dEmb[V, E] = dTable[V, GH] W_ih0[GH, E]
        Vec.S(_dTable.Ptr, _v * _gh).Clear();
        for (int t = 0; t < _t; t++)
            for (int r = 0; r < _bw; r++)
            {
                float* row = _dTable.Ptr + (long)inputs[(long)t * _b + _b0 + r] * _gh;
                TP.Add(Vec.S(row, _gh), Vec.S(_dGates.Ptr + ((long)t * _bw + r) * _gh, _gh), Vec.S(row, _gh));
            }
        float* emb = p + _offsets.Embedding;
        Blas.Gemm(true, false, _gh, _e, _v, 1f, _dTable.Ptr, _gh, emb, _e, 0f, g + _offsets.WeightIh[0], _e);
        Blas.Gemm(false, false, _v, _e, _gh, 1f, _dTable.Ptr, _gh, wIh, _e, 0f, g + _offsets.Embedding, _e);
    }

    private static void Copy(float* src, float* dst, long count) => Buffer.MemoryCopy(src, dst, count * 4, count * 4);

    public void Dispose()
    {
        foreach (var b in new[] { _hs, _cs, _tanhC, _gates, _hn, _dropped, _preIh, _hh, _logits, _dGates, _dGatesHh, _dH, _dc, _dTable })
            b.Dispose();
    }
}
