using CharRnnLsp.Core.Model;

namespace CharRnnLsp.Core.Adaptation;

/// <summary>
/// Reads a token stream with the LSTM, adapting as it goes when a <see cref="DynamicEvaluator"/> is given
/// (static otherwise), and keeps the logits of the next token current. A segment is scored by the weights
/// of before its step: whole segments read in one call cost one forward and one backward; tokens read one by
/// one are stepped singly and, once they fill a segment, rerun through the graph for its gradient.
/// </summary>
public sealed class AdaptiveLstm
{
    private readonly DynamicEvaluator? _adapter;
    private readonly CharModel _model;
    private readonly float[] _hidden;            // [L, S, H] state before the pending segment's first input
    private readonly List<int> _pending = [];    // inputs of the segment being read; [0] is the carried input
    private readonly RecurrentState _live;       // state after all pending inputs
    private readonly float[] _logits;
    private float[] _segmentLogits = [];         // [T, V] scores of a segment read whole
    private bool _liveCurrent;
    private int _segmentLength;

    /// <summary><paramref name="model"/> is stepped as is when <paramref name="adapter"/> is null; otherwise the
    /// adapter's weights are used and adapted.</summary>
    public AdaptiveLstm(CharModel model, DynamicEvaluator? adapter)
    {
        _adapter = adapter;
        _model = adapter?.Model ?? model;
        var c = _model.Config;
        _hidden = new float[c.Layers * c.StateVectorsPerLayer * c.HiddenSize];
        _live = _model.NewState();
        _logits = new float[c.VocabSize];
    }

    public CharModel Model => _model;
    public DynamicEvaluator? Adapter => _adapter;
    public int VocabSize => _model.Config.VocabSize;

    /// <summary>Starts a new stream whose first token is <paramref name="first"/> (usually the document separator).
    /// A change of the adapter's segment length takes effect here, not in the middle of a stream.</summary>
    public void Start(int first)
    {
        _segmentLength = _adapter?.SegmentLength ?? 0;
        _segmentLogits = new float[_segmentLength * VocabSize];
        Array.Clear(_hidden);
        _pending.Clear();
        _pending.Add(first);
        _liveCurrent = false;
        BringLiveCurrent();
    }

    /// <summary>Logits [V] of the token after everything read so far.</summary>
    public ReadOnlySpan<float> NextLogits
    {
        get { BringLiveCurrent(); return _logits; }
    }

    /// <summary>The state after everything read (for a decoding branch); valid until the next Read.</summary>
    public RecurrentState LiveState
    {
        get { BringLiveCurrent(); return _live; }
    }

    /// <summary>Reads <paramref name="tokens"/>; <paramref name="eachLogits"/>, if given, is called for every token
    /// with the logits [V] that predicted it, before the token is taken in.</summary>
    public void Read(ReadOnlySpan<int> tokens, PredictionVisitor? eachLogits = null)
    {
        if (_pending.Count == 0) throw new InvalidOperationException("call Start before Read");
        int t = _segmentLength, i = 0;
        while (i < tokens.Length)
        {
            if (_adapter != null && _pending.Count == 1 && tokens.Length - i >= t)
            {
                ReadWholeSegment(tokens.Slice(i, t), eachLogits);
                i += t;
                continue;
            }
            BringLiveCurrent();
            eachLogits?.Invoke(tokens[i], _logits);
            _model.Step(_live, tokens[i], _logits);
            if (_adapter == null) { _pending[0] = tokens[i++]; continue; } // static: the live state is all there is
            _pending.Add(tokens[i++]);
            if (_pending.Count == t + 1) AdaptPending();
        }
    }

    private void ReadWholeSegment(ReadOnlySpan<int> segment, PredictionVisitor? eachLogits)
    {
        int t = segment.Length, v = VocabSize;
        Span<int> inputs = stackalloc int[t];
        inputs[0] = _pending[0];
        segment[..^1].CopyTo(inputs[1..]);
        _adapter!.Adapt(inputs, segment, _hidden, eachLogits == null ? null : _segmentLogits);
        if (eachLogits != null)
            for (int k = 0; k < t; k++) eachLogits(segment[k], _segmentLogits.AsSpan(k * v, v));
        _pending[0] = segment[^1];
        _liveCurrent = false;
    }

    private void AdaptPending()
    {
        int t = _segmentLength;
        Span<int> all = stackalloc int[t + 1];
        for (int k = 0; k <= t; k++) all[k] = _pending[k];
        _adapter!.Adapt(all[..t], all[1..], _hidden, null); // only reached when adapting
        _pending.Clear();
        _pending.Add(all[t]);
        _liveCurrent = false;
    }

    // The live state is the carried state stepped through the pending inputs with the current weights.
    private void BringLiveCurrent()
    {
        if (_liveCurrent) return;
        _hidden.AsSpan().CopyTo(_live.Values);
        foreach (int token in _pending) _model.Step(_live, token, _logits);
        _liveCurrent = true;
    }
}

/// <summary>Called with the token that came and the scores [V] that predicted it.</summary>
public delegate void PredictionVisitor(int token, ReadOnlySpan<float> scores);
