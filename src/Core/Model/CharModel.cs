using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Kernels;

namespace CharRnnLsp.Core.Model;

/// <summary>
/// The character language model: parameters (one contiguous buffer, views per ParameterLayout)
/// and the single-stream inference step used by sampling and the language server.
/// Training (B streams x T steps, forward and backward) lives in TrainingGraph.
/// </summary>
public sealed unsafe class CharModel : IStepModel
{
    public ModelConfig Config { get; }
    internal ParameterLayout Layout { get; }
    /// <summary>All parameters, [Layout.TotalLength].</summary>
    public float[] Parameters { get; }
    internal ParameterOffsets Offsets { get; }

    public CharModel(ModelConfig config, float[] parameters)
    {
        Layout = new ParameterLayout(config);
        if (parameters.Length != Layout.TotalLength)
            throw new ArgumentException($"expected {Layout.TotalLength} parameters, got {parameters.Length}");
        Config = config;
        Parameters = parameters;
        Offsets = new ParameterOffsets(config, Layout);
    }

    /// <summary>PyTorch-style init: U(-1/sqrt(H), 1/sqrt(H)) for the RNN and decoder, N(0,1) for the embedding.
    /// With <paramref name="forgetBias"/>, an LSTM's forget-gate slice starts at bias_ih = forgetBias, bias_hh = 0
    /// (Jozefowicz et al. use 1; on tiny-shakespeare it learned slower in the first epochs, so it is opt-in).</summary>
    public static CharModel CreateInitialized(ModelConfig config, ulong seed, float? forgetBias = null)
    {
        var layout = new ParameterLayout(config);
        var parameters = new float[layout.TotalLength];
        var rng = new DeterministicRandom(seed);
        float rnnBound = 1f / MathF.Sqrt(config.HiddenSize);
        foreach (var view in layout.Tensors)
        {
            var span = parameters.AsSpan(view.Offset, view.Length);
            if (view.Name == "embedding.weight") FillNormal(span, rng);
            else FillUniform(span, rnnBound, rng); // nn.LSTM/GRU/RNN and nn.Linear(H, V) both use 1/sqrt(H)
            if (forgetBias is { } bias && config.Cell == CellType.Lstm && view.Name.StartsWith("rnn.bias_", StringComparison.Ordinal))
            {
                var forget = span.Slice(config.HiddenSize, config.HiddenSize); // gate order i, f, g, o
                forget.Fill(view.Name.StartsWith("rnn.bias_ih", StringComparison.Ordinal) ? bias : 0f);
            }
        }
        return new CharModel(config, parameters);
    }

    private static void FillUniform(Span<float> span, float bound, DeterministicRandom rng)
    {
        for (int i = 0; i < span.Length; i++) span[i] = (2f * rng.NextFloat() - 1f) * bound;
    }

    // Box-Muller; 1 - u keeps the logarithm's argument in (0, 1].
    private static void FillNormal(Span<float> span, DeterministicRandom rng)
    {
        for (int i = 0; i < span.Length; i += 2)
        {
            double radius = Math.Sqrt(-2.0 * Math.Log(1.0 - rng.NextDouble())), angle = 2.0 * Math.PI * rng.NextDouble();
            span[i] = (float)(radius * Math.Cos(angle));
            if (i + 1 < span.Length) span[i + 1] = (float)(radius * Math.Sin(angle));
        }
    }

    public RecurrentState NewState() => new(Config);

    /// <summary>Advances <paramref name="state"/> by one character and writes the next-character logits [V].
    /// Allocation-free.</summary>
    public void Step(RecurrentState state, int token, Span<float> logits)
    {
        var c = Config;
        if ((uint)token >= (uint)c.VocabSize) throw new ArgumentOutOfRangeException(nameof(token), $"symbol {token} outside vocabulary of {c.VocabSize}");
        if (logits.Length < c.VocabSize) throw new ArgumentException($"logits need {c.VocabSize} entries, got {logits.Length}");
        if (state.Values.Length != c.Layers * c.StateVectorsPerLayer * c.HiddenSize) throw new ArgumentException("state does not match the model");
        int h = c.HiddenSize, gh = c.Gates * h, s = c.StateVectorsPerLayer;
        // Scratch on the stack keeps Step allocation-free and safe to call from several threads.
        float* xg = stackalloc float[gh];     // [GH] x W_ih^T + b_ih
        float* hh = stackalloc float[gh];     // [GH] h W_hh^T
        float* gates = stackalloc float[gh];  // [GH] activated gates
        float* aux = stackalloc float[h];     // [H] tanh(c) (LSTM) or W_hn h + b_hn (GRU)
        fixed (float* p = Parameters) fixed (float* st = state.Values) fixed (float* outLogits = logits)
        {
            float* x = p + Offsets.Embedding + (long)token * c.EmbeddingSize;
            int inSize = c.EmbeddingSize;
            for (int l = 0; l < c.Layers; l++)
            {
                float* hState = st + (long)l * s * h;
                float* wIh = p + Offsets.WeightIh[l], wHh = p + Offsets.WeightHh[l];
                float* bIh = p + Offsets.BiasIh[l], bHh = p + Offsets.BiasHh[l];
                new ReadOnlySpan<float>(bIh, gh).CopyTo(new Span<float>(xg, gh));
                ManagedGemm.Gemv(gh, inSize, 1f, wIh, inSize, x, 1f, xg);
                ManagedGemm.Gemv(gh, h, 1f, wHh, h, hState, 0f, hh);
                switch (c.Cell)
                {
                    case CellType.Lstm: LstmCell.Forward(1, h, xg, null, hh, bHh, gates, hState + h, hState + h, aux, hState); break;
                    case CellType.Gru: GruCell.Forward(1, h, xg, null, hh, bHh, gates, aux, hState, hState); break;
                    default: RnnCell.Forward(1, h, xg, null, hh, bHh, hState); break;
                }
                x = hState;
                inSize = h;
            }
            float* bd = p + Offsets.DecoderBias;
            new ReadOnlySpan<float>(bd, c.VocabSize).CopyTo(logits);
            ManagedGemm.Gemv(c.VocabSize, h, 1f, p + Offsets.DecoderWeight, h, x, 1f, outLogits);
        }
    }
}
