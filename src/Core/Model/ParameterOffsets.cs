namespace CharRnnLsp.Core.Model;

/// <summary>Offsets of the named tensors resolved once, so hot loops neither format names nor hash them.</summary>
internal sealed class ParameterOffsets
{
    public int Embedding { get; }
    public int DecoderWeight { get; }
    public int DecoderBias { get; }
    /// <summary>[L] offsets of rnn.weight_ih_l{k}, weight_hh, bias_ih, bias_hh.</summary>
    public int[] WeightIh { get; }
    public int[] WeightHh { get; }
    public int[] BiasIh { get; }
    public int[] BiasHh { get; }

    public ParameterOffsets(ModelConfig config, ParameterLayout layout)
    {
        Embedding = layout["embedding.weight"].Offset;
        DecoderWeight = layout["decoder.weight"].Offset;
        DecoderBias = layout["decoder.bias"].Offset;
        int[] Per(string prefix) => Enumerable.Range(0, config.Layers).Select(k => layout[$"{prefix}{k}"].Offset).ToArray();
        WeightIh = Per("rnn.weight_ih_l");
        WeightHh = Per("rnn.weight_hh_l");
        BiasIh = Per("rnn.bias_ih_l");
        BiasHh = Per("rnn.bias_hh_l");
    }
}
