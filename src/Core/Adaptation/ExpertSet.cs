using CharRnnLsp.Core.Evaluation;
using CharRnnLsp.Core.Kernels;

namespace CharRnnLsp.Core.Adaptation;

/// <summary>
/// The predictors mixed with the LSTM and the mixer that weighs them. Expert rows of the mixer input, each [V]:
/// 0 the LSTM, 1 the document cache, 2 the match model, 3 the corpus n-gram; an absent one is a row of zeros.
/// The mixer's weight set is chosen by the match length class (<see cref="MatchCursor.Bucket"/>).
/// </summary>
public sealed class ExpertSet(int vocabSize, DocumentCache? cache, MatchModel? match, KneserNeyModel? ngram, Mixer mixer)
{
    public const int Count = 4, Lstm = 0, CacheRow = 1, MatchRow = 2, NgramRow = 3;

    public int VocabSize => vocabSize;
    public DocumentCache? Cache => cache;
    public MatchModel? Match => match;
    public KneserNeyModel? Ngram => ngram;
    public Mixer Mixer => mixer;

    /// <summary>Tokens of history the experts look at (a branch keeps this many).</summary>
    public int HistoryNeeded => Math.Max(cache?.MaxOrder ?? 0, (ngram?.Order ?? 1) - 1);

    /// <summary>A mixer with weights 1 for the LSTM and <paramref name="others"/> for the rest, per match class.</summary>
    public static Mixer DefaultMixer(int vocabSize, float learningRate, float others = 0.3f)
        => new(Count, MatchCursor.Buckets, vocabSize, [1f, others, others, others], learningRate);

    /// <summary>Fills <paramref name="inputs"/> [Count, V] (and uses <paramref name="scratch"/> [V]) for the token
    /// after <paramref name="history"/>; returns the mixer context.</summary>
    public int Fill(ReadOnlySpan<float> lstmLogits, ReadOnlySpan<int> history, MatchCursor? cursor, Span<float> inputs, Span<float> scratch)
    {
        int v = vocabSize;
        var lstm = inputs[..v];
        Softmax.Probabilities(lstmLogits[..v], scratch);
        Mixer.LogInput(scratch[..v], lstm);
        var cacheRow = inputs.Slice(CacheRow * v, v);
        if (cache != null) { cache.Predict(history, scratch); Mixer.LogInput(scratch[..v], cacheRow); }
        else cacheRow.Clear();
        int context = FillMatch(cursor, inputs.Slice(MatchRow * v, v));
        var ngramRow = inputs.Slice(NgramRow * v, v);
        if (ngram != null)
        {
            var tail = history[Math.Max(0, history.Length - ngram.Order + 1)..];
            for (int s = 0; s < v; s++) scratch[s] = (float)ngram.Probability(tail, s);
            Mixer.LogInput(scratch[..v], ngramRow);
        }
        else ngramRow.Clear();
        return context;
    }

    // The predicted token gets the learned confidence; the rest share what is left.
    private int FillMatch(MatchCursor? cursor, Span<float> row)
    {
        row.Clear();
        if (match == null || cursor == null) return 0;
        int predicted = cursor.Predicted(match.Index);
        if (predicted < 0) return 0;
        float confidence = Math.Clamp(match.Confidence(cursor), 1e-4f, 1f - 1e-4f);
        row.Fill(MathF.Max(Mixer.MinLog, MathF.Log((1f - confidence) / (vocabSize - 1))));
        row[predicted] = MathF.Log(confidence);
        return cursor.Bucket(match.Index);
    }
}
