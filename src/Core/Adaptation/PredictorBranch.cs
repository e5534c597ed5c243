using CharRnnLsp.Core.Model;

namespace CharRnnLsp.Core.Adaptation;

/// <summary>
/// One decoding hypothesis: its own LSTM state, match cursor and last tokens, over experts and weights it only
/// reads (the model, the match index, the cache and the mixer are shared and must not change while branches
/// live). Generated tokens never reach the cache, the index or the mixer's learning.
/// </summary>
public sealed class PredictorBranch
{
    private readonly CharModel _model;
    private readonly ExpertSet _experts;
    private readonly RecurrentState _state;
    private readonly float[] _logits, _inputs, _scratch;
    private readonly int[] _history;      // last HistoryNeeded tokens, oldest first
    private readonly MatchCursor? _cursor;
    private int _historyLength;

    /// <summary><paramref name="state"/> and <paramref name="logits"/> [V]: the LSTM after the text before the
    /// cursor (copied); <paramref name="recent"/>: that text's last tokens; <paramref name="cursor"/>: the match
    /// cursor at the same place (cloned; null without a match model).</summary>
    public PredictorBranch(CharModel model, ExpertSet experts, RecurrentState state, ReadOnlySpan<float> logits,
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
