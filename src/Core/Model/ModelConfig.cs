namespace CharRnnLsp.Core.Model;

/// <summary>The recurrent cell, as char-rnn offers them; gate layouts follow PyTorch.</summary>
public enum CellType
{
    /// <summary>nn.LSTM: 4 gates in the order i, f, g, o; state (h, c).</summary>
    Lstm,
    /// <summary>nn.GRU: 3 gates in the order r, z, n; state h.</summary>
    Gru,
    /// <summary>nn.RNN with tanh: 1 gate; state h.</summary>
    Rnn,
}

/// <summary>
/// Shape of the language model: embedding [V, E] -> Layers x cell(H) -> linear [V, H] -> softmax.
/// Dropout is applied to the output of every recurrent layer during training only.
/// </summary>
public sealed record ModelConfig(CellType Cell, int VocabSize, int EmbeddingSize, int HiddenSize, int Layers, float Dropout = 0f)
{
    /// <summary>Rows per hidden unit in the weight matrices: 4 for LSTM, 3 for GRU, 1 for RNN.</summary>
    public int Gates => Cell switch { CellType.Lstm => 4, CellType.Gru => 3, _ => 1 };

    /// <summary>Vectors of size H a layer carries between steps: (h, c) for LSTM, h otherwise.</summary>
    public int StateVectorsPerLayer => Cell == CellType.Lstm ? 2 : 1;

    /// <summary>Throws ArgumentException with a one-line reason when a field is out of range.</summary>
    public void Validate()
    {
        if (VocabSize < 2) throw new ArgumentException($"vocabulary size must be at least 2, got {VocabSize}");
        if (EmbeddingSize < 1) throw new ArgumentException($"embedding size must be positive, got {EmbeddingSize}");
        if (HiddenSize < 1) throw new ArgumentException($"hidden size must be positive, got {HiddenSize}");
        if (Layers < 1) throw new ArgumentException($"layers must be positive, got {Layers}");
        if (Dropout is < 0f or >= 1f) throw new ArgumentException($"dropout must be in [0, 1), got {Dropout}");
    }
}
