using CharRnnLsp.Core.Kernels;
using CharRnnLsp.Core.Model;

namespace CharRnnLsp.Core.Evaluation;

/// <summary>
/// The model read over a text, one character at a time from a fresh state: after each character, every
/// cell's activation (LSTM: tanh(c); GRU/RNN: h) and the top guesses for the next character.
/// Cells are numbered layer-major: cell index = layer * H + unit.
/// </summary>
public sealed class CellTrace
{
    /// <summary>[N, L*H] activations in [-1, 1].</summary>
    public float[] Activations { get; }
    /// <summary>[N, TopK] symbol indices of the best guesses for the character after position i.</summary>
    public int[] TopSymbols { get; }
    /// <summary>[N, TopK] their probabilities.</summary>
    public float[] TopProbabilities { get; }
    /// <summary>[N] probability the model gave to the character that actually came at i (before reading it).</summary>
    public float[] ActualProbability { get; }
    public int Length { get; }
    public int Cells { get; }
    public const int TopK = 5;

    private CellTrace(int length, int cells)
    {
        (Length, Cells) = (length, cells);
        Activations = new float[length * cells];
        TopSymbols = new int[length * TopK];
        TopProbabilities = new float[length * TopK];
        ActualProbability = new float[length];
    }

    public static CellTrace Record(CharModel model, ReadOnlySpan<int> tokens)
    {
        var c = model.Config;
        int h = c.HiddenSize, perLayer = c.StateVectorsPerLayer * h;
        // For LSTM, c is the second vector of each layer's state; for GRU/RNN, h is the only one.
        int cellOffset = c.Cell == CellType.Lstm ? h : 0;
        var trace = new CellTrace(tokens.Length, c.Layers * h);
        var state = model.NewState();
        var logits = new float[c.VocabSize];
        var probabilities = new float[c.VocabSize];
        bool havePrediction = false;
        for (int i = 0; i < tokens.Length; i++)
        {
            trace.ActualProbability[i] = havePrediction ? probabilities[tokens[i]] : float.NaN;
            model.Step(state, tokens[i], logits);
            for (int layer = 0; layer < c.Layers; layer++)
            {
                var source = state.Values.AsSpan(layer * perLayer + cellOffset, h);
                var target = trace.Activations.AsSpan(i * trace.Cells + layer * h, h);
                for (int u = 0; u < h; u++) target[u] = c.Cell == CellType.Lstm ? MathF.Tanh(source[u]) : source[u];
            }
            Softmax.Probabilities(logits, probabilities);
            TopK5(probabilities, trace.TopSymbols.AsSpan(i * TopK, TopK), trace.TopProbabilities.AsSpan(i * TopK, TopK));
            havePrediction = true;
        }
        return trace;
    }

    private static void TopK5(ReadOnlySpan<float> p, Span<int> symbols, Span<float> probs)
    {
        symbols.Fill(0);
        probs.Fill(-1);
        for (int s = 0; s < p.Length; s++)
        {
            if (p[s] <= probs[^1]) continue;
            int k = probs.Length - 1;
            while (k > 0 && p[s] > probs[k - 1]) { probs[k] = probs[k - 1]; symbols[k] = symbols[k - 1]; k--; }
            probs[k] = p[s]; symbols[k] = s;
        }
    }
}
