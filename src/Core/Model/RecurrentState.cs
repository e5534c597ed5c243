namespace CharRnnLsp.Core.Model;

/// <summary>
/// The state one stream carries between characters: for each layer k, StateVectorsPerLayer vectors of
/// size H, laid out [L, S, H] (LSTM: h at [k, 0], c at [k, 1]).
/// </summary>
public sealed class RecurrentState
{
    public float[] Values { get; }

    public RecurrentState(ModelConfig config)
        => Values = new float[config.Layers * config.StateVectorsPerLayer * config.HiddenSize];

    private RecurrentState(float[] values) => Values = values;

    public RecurrentState Clone() => new((float[])Values.Clone());

    public void CopyFrom(RecurrentState other) => other.Values.AsSpan().CopyTo(Values);

    public void Reset() => Array.Clear(Values);
}
