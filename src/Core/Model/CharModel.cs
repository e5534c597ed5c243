using CharRnnLsp.Core.Common;

namespace CharRnnLsp.Core.Model;

/// <summary>
/// The character language model: parameters (one contiguous buffer, views per ParameterLayout)
/// and the single-stream inference step used by sampling and the language server.
/// Training (B streams x T steps, forward and backward) lives in TrainingGraph.
/// </summary>
public sealed class CharModel
{
    public ModelConfig Config { get; }
    public ParameterLayout Layout { get; }
    /// <summary>All parameters, [Layout.TotalLength].</summary>
    public float[] Parameters { get; }

    public CharModel(ModelConfig config, float[] parameters)
    {
        Layout = new ParameterLayout(config);
        if (parameters.Length != Layout.TotalLength)
            throw new ArgumentException($"expected {Layout.TotalLength} parameters, got {parameters.Length}");
        Config = config;
        Parameters = parameters;
    }

    /// <summary>PyTorch-style init: U(-1/sqrt(H), 1/sqrt(H)) for the RNN and decoder, N(0,1)-like for the embedding;
    /// LSTM forget-gate biases set to 1.</summary>
    public static CharModel CreateInitialized(ModelConfig config, ulong seed) => throw new NotImplementedException();

    public RecurrentState NewState() => new(Config);

    /// <summary>Advances <paramref name="state"/> by one character and writes the next-character logits [V].
    /// Allocation-free.</summary>
    public void Step(RecurrentState state, int token, Span<float> logits) => throw new NotImplementedException();
}
