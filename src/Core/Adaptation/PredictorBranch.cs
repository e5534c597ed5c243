using CharRnnLsp.Core.Inference;
using CharRnnLsp.Core.Model;

namespace CharRnnLsp.Core.Adaptation;

/// <summary>
/// One decoding hypothesis: its own LSTM state, match cursor and last tokens, over experts and weights it only
/// reads (the model, the match index, the cache and the mixer are shared and must not change while branches
/// live). Generated tokens never reach the cache, the index or the mixer's learning.
/// </summary>
public sealed class PredictorBranch
{
    private readonly IStepModel _model;
    private readonly ExpertSet _experts;
    private readonly RecurrentState _state;
    private readonly float[] _logits, _inputs, _scratch;
    private readonly int[] _history;      // last HistoryNeeded tokens, oldest first
    private readonly MatchCursor? _cursor;
    private int _historyLength;

    /// <summary><paramref name="state"/> and <paramref name="logits"/> [V]: the LSTM after the text before the
    /// cursor (copied); <paramref name="recent"/>: that text's last tokens; <paramref name="cursor"/>: the match
    /// cursor at the same place (cloned; null without a match model).</summary>
    public PredictorBranch(IStepModel model, ExpertSet experts, RecurrentState state, ReadOnlySpan<float> logits,
        ReadOnlySpan<int> recent, MatchCursor? cursor)
    {
        (_model, _experts) = (model, experts);
        int v = model.Config.VocabSize;
        _state = state.Clone();
        _logits = logits[..v].ToArray();
        _inputs = new float[ExpertSet.Count * v];
        _scratch = new float[v];
        _history = new int[Math.Max(1, experts.HistoryNeeded)];
        _cursor = cursor?.Clone();
        foreach (int token in recent[Math.Max(0, recent.Length - _history.Length)..]) Push(token);
    }

    private PredictorBranch(PredictorBranch other)
    {
        (_model, _experts) = (other._model, other._experts);
        _state = other._state.Clone();
        _logits = (float[])other._logits.Clone();
        _inputs = new float[other._inputs.Length];
        _scratch = new float[other._scratch.Length];
        _history = (int[])other._history.Clone();
        _historyLength = other._historyLength;
        _cursor = other._cursor?.Clone();
    }

    public PredictorBranch Clone() => new(this);

    public int VocabSize => _logits.Length;

    /// <summary>The mixed next-token distribution [V].</summary>
    public void Distribution(Span<float> probabilities)
    {
        int context = _experts.Fill(_logits, _history.AsSpan(0, _historyLength), _cursor, _inputs, _scratch);
        _experts.Mixer.Mix(_inputs, context, probabilities);
    }

    public void Advance(int token)
    {
        _model.Step(_state, token, _logits);
        if (_cursor != null && _experts.Match != null) _cursor.Advance(_experts.Match.Index, token);
        Push(token);
    }

    /// <summary>Advances <paramref name="branches"/>[i] by <paramref name="tokens"/>[i], all on one model: a packed
    /// <see cref="InferenceModel"/> steps them together (one read of the weights for all), others one at a time.
    /// The same result as calling <see cref="Advance"/> on each.</summary>
    public static void AdvanceTogether(IReadOnlyList<PredictorBranch> branches, ReadOnlySpan<int> tokens)
    {
        if (branches.Count == 0) return;
        if (branches[0]._model is not InferenceModel packed || branches.Any(b => b._model != packed) || branches.Count == 1)
        {
            for (int i = 0; i < branches.Count; i++) branches[i].Advance(tokens[i]);
            return;
        }
        int v = packed.Config.VocabSize;
        var logits = new float[branches.Count * v];
        packed.Step(branches.Select(b => b._state).ToArray(), tokens, logits);
        for (int i = 0; i < branches.Count; i++)
        {
            var branch = branches[i];
            logits.AsSpan(i * v, v).CopyTo(branch._logits);
            if (branch._cursor != null && branch._experts.Match != null) branch._cursor.Advance(branch._experts.Match.Index, tokens[i]);
            branch.Push(tokens[i]);
        }
    }

    private void Push(int token)
    {
        if (_historyLength == _history.Length)
        {
            Array.Copy(_history, 1, _history, 0, _historyLength - 1);
            _historyLength--;
        }
        _history[_historyLength++] = token;
    }
}
