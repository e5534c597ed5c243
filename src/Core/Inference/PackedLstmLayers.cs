using CharRnnLsp.Core.Model;

namespace CharRnnLsp.Core.Inference;

/// <summary>
/// The LSTM and decoder weights of a <see cref="CharModel"/>, packed once for <see cref="InferenceModel"/>.
/// Layer l's packed matrix is [W_ih | W_hh] ([4H, in + H]) with its output columns reordered per tile of 64 as the
/// i, f, g, o rows of 16 consecutive units, so each tile's epilogue finishes 16 units' (h, c) from registers' worth
/// of sums. Layer 0's input part is folded into <see cref="InputTable"/> when it fits: the embedding row times W_ih
/// plus both biases, per symbol, in fp32 — layer 0 then reads only W_hh.
/// </summary>
internal sealed class PackedLstmLayers
{
    /// <summary>Units per tile: 64 columns = 4 gates x 16 units.</summary>
    public const int UnitsPerTile = PackedWeights.TileWidth / 4;

    /// <summary>Input tables larger than this many floats (64 MiB) are not built; layer 0 then reads W_ih too.</summary>
    public const long MaxInputTableFloats = 16L << 20;

    public PackedWeights[] Layers { get; }
    /// <summary>[L][tiles * 64] b_ih + b_hh in packed column order (layer 0's is unused with a table).</summary>
    public float[][] Biases { get; }
    /// <summary>[V, tiles * 64] layer 0's x W_ih^T + b_ih + b_hh per symbol, or null when too large.</summary>
    public float[]? InputTable { get; }
    public PackedWeights Decoder { get; }
    /// <summary>[decoder tiles * 64] decoder.bias, zero-padded.</summary>
    public float[] DecoderBias { get; }
    public int Columns { get; }

    /// <param name="inputTable">false never builds the table (tests of the other path).</param>
    public PackedLstmLayers(CharModel model, InferencePrecision precision, bool inputTable = true)
    {
        var c = model.Config;
        if (c.Cell != CellType.Lstm) throw new ArgumentException($"packed inference supports LSTM models, not {c.Cell}");
        int h = c.HiddenSize, tiles = (h + UnitsPerTile - 1) / UnitsPerTile;
        Columns = tiles * PackedWeights.TileWidth;
        var p = model.Parameters;
        var o = model.Offsets;
        bool table = inputTable && (long)c.VocabSize * Columns <= MaxInputTableFloats;
        Layers = new PackedWeights[c.Layers];
        Biases = new float[c.Layers][];
        for (int l = 0; l < c.Layers; l++)
        {
            int inSize = l == 0 ? c.EmbeddingSize : h, skipped = l == 0 && table ? inSize : 0, depth = inSize + h - skipped;
            var rows = new float[Columns * depth];
            Biases[l] = new float[Columns];
            for (int column = 0; column < Columns; column++)
            {
                if (SourceRow(column, h) is not { } r) continue;
                p.AsSpan(o.WeightIh[l] + r * inSize + skipped, inSize - skipped).CopyTo(rows.AsSpan(column * depth));
                p.AsSpan(o.WeightHh[l] + r * h, h).CopyTo(rows.AsSpan(column * depth + inSize - skipped));
                Biases[l][column] = p[o.BiasIh[l] + r] + p[o.BiasHh[l] + r];
            }
            Layers[l] = new PackedWeights(rows, depth, precision);
        }
        if (table) InputTable = BuildInputTable(model, Biases[0]);
        int decoderColumns = (c.VocabSize + PackedWeights.TileWidth - 1) / PackedWeights.TileWidth * PackedWeights.TileWidth;
        var decoder = new float[decoderColumns * h];
        p.AsSpan(o.DecoderWeight, c.VocabSize * h).CopyTo(decoder);
        Decoder = new PackedWeights(decoder, h, precision);
        DecoderBias = new float[decoderColumns];
        p.AsSpan(o.DecoderBias, c.VocabSize).CopyTo(DecoderBias);
    }

    /// <summary>The PyTorch row (gate * H + unit) behind packed column <paramref name="column"/>; null for padding.</summary>
    public static int? SourceRow(int column, int hidden)
    {
        int tile = column / PackedWeights.TileWidth, lane = column % PackedWeights.TileWidth;
        int unit = tile * UnitsPerTile + lane % UnitsPerTile;
        return unit < hidden ? lane / UnitsPerTile * hidden + unit : null;
    }

    // Summed in double: the table replaces a product computed afresh at every step, so it should not add error.
    private float[] BuildInputTable(CharModel model, float[] biases)
    {
        var c = model.Config;
        var p = model.Parameters;
        int e = c.EmbeddingSize, columns = Columns;
        var input = new float[c.VocabSize * columns];
        for (int v = 0; v < c.VocabSize; v++)
        {
            var embedding = p.AsSpan(model.Offsets.Embedding + v * e, e);
            for (int column = 0; column < columns; column++)
            {
                if (SourceRow(column, c.HiddenSize) is not { } r) continue;
                var w = p.AsSpan(model.Offsets.WeightIh[0] + r * e, e);
                double sum = biases[column];
                for (int k = 0; k < e; k++) sum += (double)w[k] * embedding[k];
                input[v * columns + column] = (float)sum;
            }
        }
        return input;
    }
}
