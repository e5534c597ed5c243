namespace CharRnnLsp.Core.Model;

/// <summary>One named view into the contiguous parameter buffer, shaped as PyTorch names it.</summary>
internal sealed record TensorView(string Name, int[] Shape, int Offset)
{
    public int Length => Shape.Aggregate(1, (a, b) => a * b);
}

/// <summary>
/// All parameters live in one float buffer; this lists the named views into it, in buffer order:
///   embedding.weight [V, E]
///   for k in 0..L-1: rnn.weight_ih_l{k} [G*H, in_k], rnn.weight_hh_l{k} [G*H, H],
///                    rnn.bias_ih_l{k} [G*H], rnn.bias_hh_l{k} [G*H]      (in_0 = E, in_k = H)
///   decoder.weight [V, H], decoder.bias [V]
/// The names are those of nn.Embedding / nn.LSTM (GRU, RNN) / nn.Linear attributes called
/// embedding, rnn and decoder, so a PyTorch module with those attributes loads them by name.
/// </summary>
internal sealed class ParameterLayout
{
    public IReadOnlyList<TensorView> Tensors { get; }
    public int TotalLength { get; }
    private readonly Dictionary<string, TensorView> _byName;

    public ParameterLayout(ModelConfig config)
    {
        config.Validate();
        int v = config.VocabSize, e = config.EmbeddingSize, h = config.HiddenSize, gh = config.Gates * h;
        var list = new List<TensorView>();
        int offset = 0;
        void Add(string name, params int[] shape)
        {
            var view = new TensorView(name, shape, offset);
            list.Add(view);
            offset += view.Length;
        }
        Add("embedding.weight", v, e);
        for (int k = 0; k < config.Layers; k++)
        {
            Add($"rnn.weight_ih_l{k}", gh, k == 0 ? e : h);
            Add($"rnn.weight_hh_l{k}", gh, h);
            Add($"rnn.bias_ih_l{k}", gh);
            Add($"rnn.bias_hh_l{k}", gh);
        }
        Add("decoder.weight", v, h);
        Add("decoder.bias", v);
        Tensors = list;
        TotalLength = offset;
        _byName = list.ToDictionary(t => t.Name);
    }

    public TensorView this[string name] => _byName[name];

    public bool TryGet(string name, out TensorView view) => _byName.TryGetValue(name, out view!);
}
