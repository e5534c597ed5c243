using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CharRnnLsp.Core.Model;

namespace CharRnnLsp.Core.Inference;

/// <summary>
/// A frozen copy of an LSTM <see cref="CharModel"/> for sampling and the language server: weights packed once in
/// fp32, bf16 or int8 (<see cref="PackedLstmLayers"/>), stepped by a tiled GEMV with the gate nonlinearities and the
/// (h, c) update fused into each tile's epilogue. Several streams (a request's choices) can be stepped together, so
/// one read of the weights serves them all. Later changes to the CharModel's parameters are not seen.
/// Thread-safe: scratch is per thread.
/// </summary>
public sealed unsafe class InferenceModel : IStepModel
{
    private const int Tile = PackedWeights.TileWidth, Units = PackedLstmLayers.UnitsPerTile;

    private readonly PackedLstmLayers _packed;
    private readonly float[] _embedding; // [V, E], only read when layer 0 has no input table

    [ThreadStatic] private static float[]? _scratch;

    public ModelConfig Config { get; }
    public InferencePrecision Precision { get; }
    /// <summary>Whether the AVX-512 kernels run (false: the Vector256 fallback).</summary>
    public bool UsesVector512 { get; }
    internal bool UsesInputTable => _packed.InputTable is not null;

    /// <param name="allowVector512">false forces the Vector256 fallback (tests, benchmarks).</param>
    public InferenceModel(CharModel model, InferencePrecision precision, bool allowVector512 = true)
        : this(model, precision, allowVector512, inputTable: true) { }

    internal InferenceModel(CharModel model, InferencePrecision precision, bool allowVector512, bool inputTable)
    {
        _packed = new PackedLstmLayers(model, precision, inputTable);
        Config = model.Config;
        Precision = precision;
        UsesVector512 = allowVector512 && Vector512.IsHardwareAccelerated && Avx512F.IsSupported;
        var e = Config.EmbeddingSize;
        _embedding = _packed.InputTable is null ? model.Parameters.AsSpan(model.Offsets.Embedding, Config.VocabSize * e).ToArray() : [];
    }

    /// <summary>The fastest stepper for <paramref name="model"/> at <paramref name="precision"/>: packed for LSTM
    /// models; GRU and RNN models step with the fp32 reference (the packed kernels are LSTM-only).</summary>
    public static IStepModel For(CharModel model, InferencePrecision precision) =>
        model.Config.Cell == CellType.Lstm ? new InferenceModel(model, precision) : model;

    public RecurrentState NewState() => new(Config);

    public void Step(RecurrentState state, int token, Span<float> logits) => Step([state], [token], logits);

    /// <summary>Advances every <paramref name="states"/>[s] by <paramref name="tokens"/>[s]; <paramref name="logits"/>
    /// [S, V] receives each stream's next-character logits. Same result per stream as stepping them one at a time.</summary>
    public void Step(ReadOnlySpan<RecurrentState> states, ReadOnlySpan<int> tokens, Span<float> logits)
    {
        int streams = states.Length, v = Config.VocabSize;
        if (tokens.Length != streams) throw new ArgumentException($"{streams} states but {tokens.Length} tokens");
        if (logits.Length < streams * v) throw new ArgumentException($"logits need {streams * v} entries, got {logits.Length}");
        int stateLength = Config.Layers * 2 * Config.HiddenSize;
        for (int s = 0; s < streams; s++)
        {
            if ((uint)tokens[s] >= (uint)v) throw new ArgumentOutOfRangeException(nameof(tokens), $"symbol {tokens[s]} outside vocabulary of {v}");
            if (states[s].Values.Length != stateLength) throw new ArgumentException("state does not match the model");
        }
        switch (Precision)
        {
            case InferencePrecision.Fp32: Run<Fp32Load>(states, tokens, logits); break;
            case InferencePrecision.Bf16: Run<Bf16Load>(states, tokens, logits); break;
            default: Run<Int8Load>(states, tokens, logits); break;
        }
    }

    private void Run<TLoad>(ReadOnlySpan<RecurrentState> states, ReadOnlySpan<int> tokens, Span<float> logits)
        where TLoad : struct, IWeightLoad
    {
        var c = Config;
        int streams = states.Length, h = c.HiddenSize, depthMax = Math.Max(c.EmbeddingSize, h) + h;
        int needed = streams * (depthMax + Tile);
        if (_scratch is null || _scratch.Length < needed) _scratch = new float[needed];
        float** inputs = stackalloc float*[streams];
        fixed (float* scratch = _scratch)
        {
            float* acc = scratch + streams * depthMax; // [S, 64]
            for (int s = 0; s < streams; s++) inputs[s] = scratch + s * depthMax;
            for (int l = 0; l < c.Layers; l++)
            {
                for (int s = 0; s < streams; s++) GatherInput(l, states[s].Values, tokens[s], inputs[s]);
                Layer<TLoad>(l, states, tokens, inputs, acc);
            }
            for (int s = 0; s < streams; s++) states[s].Values.AsSpan((c.Layers - 1) * 2 * h, h).CopyTo(new Span<float>(inputs[s], h));
            Decode<TLoad>(inputs, streams, acc, logits);
        }
    }

    // x_s = [layer input (embedding row or the layer below's new h), unless tabled; own h before this step] [Depth]
    private void GatherInput(int layer, float[] state, int token, float* x)
    {
        int h = Config.HiddenSize, offset = 0;
        if (layer > 0) { state.AsSpan((layer - 1) * 2 * h, h).CopyTo(new Span<float>(x, h)); offset = h; }
        else if (_packed.InputTable is null)
        {
            int e = Config.EmbeddingSize;
            _embedding.AsSpan(token * e, e).CopyTo(new Span<float>(x, e));
            offset = e;
        }
        state.AsSpan(layer * 2 * h, h).CopyTo(new Span<float>(x + offset, h));
    }

    private void Layer<TLoad>(int layer, ReadOnlySpan<RecurrentState> states, ReadOnlySpan<int> tokens, float** inputs, float* acc)
        where TLoad : struct, IWeightLoad
    {
        var w = _packed.Layers[layer];
        int h = Config.HiddenSize, streams = states.Length;
        float[] table = layer == 0 && _packed.InputTable is { } t ? t : _packed.Biases[layer];
        fixed (float* bias = table)
            for (int tile = 0; tile < w.Tiles; tile++)
            {
                PackedGemv.Tile<TLoad>(UsesVector512, w.Tile(tile), w.Depth, inputs, streams, acc);
                int unit = tile * Units, count = Math.Min(Units, h - unit);
                for (int s = 0; s < streams; s++)
                    fixed (float* state = states[s].Values)
                    {
                        float* row = table == _packed.InputTable ? bias + (long)tokens[s] * _packed.Columns : bias;
                        float* hOut = state + layer * 2 * h + unit;
                        LstmEpilogue.Finish(acc + s * Tile, w.Scales + tile * Tile, row + tile * Tile, hOut + h, hOut, count);
                    }
            }
    }

    private void Decode<TLoad>(float** inputs, int streams, float* acc, Span<float> logits) where TLoad : struct, IWeightLoad
    {
        var w = _packed.Decoder;
        int v = Config.VocabSize;
        fixed (float* bias = _packed.DecoderBias) fixed (float* output = logits)
            for (int tile = 0; tile < w.Tiles; tile++)
            {
                PackedGemv.Tile<TLoad>(UsesVector512, w.Tile(tile), w.Depth, inputs, streams, acc);
                int first = tile * Tile, count = Math.Min(Tile, v - first);
                for (int s = 0; s < streams; s++)
                    for (int j = 0; j < count; j++)
                        output[s * v + first + j] = acc[s * Tile + j] * w.Scales[first + j] + bias[first + j];
            }
    }
}
