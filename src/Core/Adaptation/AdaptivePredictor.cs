using System.Runtime.InteropServices;
using CharRnnLsp.Core.Evaluation;
using CharRnnLsp.Core.Model;

namespace CharRnnLsp.Core.Adaptation;

/// <summary>
/// The adaptive next-token predictor callers use (eval, sample, the server): reads real text with the LSTM
/// (dynamically evaluated when asked), the document cache and the match model, mixes their predictions, learns
/// the mixer's weights from every real token, and forks read-only <see cref="PredictorBranch"/>es for decoding.
/// Single-threaded: one caller at a time; branches must be done before the next Observe.
/// </summary>
public sealed class AdaptivePredictor : IDisposable
{
    private readonly List<int> _history = [];
    private readonly float[] _inputs, _scratch, _probabilities;
    private readonly bool _learnMixer;
    private readonly PredictionVisitor _visit;
    private double _observedNats;

    public AdaptivePredictor(CharModel trained, AdaptivePredictorOptions options, KneserNeyModel? ngram = null)
    {
        options.Validate();
        int v = trained.Config.VocabSize;
        Adapter = options.Dynamic is { } dynamic ? new DynamicEvaluator(trained, dynamic) : null;
        Lstm = new AdaptiveLstm(trained, Adapter);
        var cache = options.CacheOrder > 0 ? new DocumentCache(v, options.CacheOrder) : null;
        var match = options.MatchMinLength > 0 ? new MatchModel(options.MatchMinLength) : null;
        Experts = new ExpertSet(v, cache, match, ngram, ExpertSet.DefaultMixer(v, options.MixerLearningRate));
        // The LSTM alone is left unmixed: learning its weight would be a temperature fit, not adaptation to the text.
        _learnMixer = cache != null || match != null || ngram != null;
        _inputs = new float[ExpertSet.Count * v];
        _scratch = new float[v];
        _probabilities = new float[v];
        _visit = Visit;
    }

    public AdaptiveLstm Lstm { get; }
    public DynamicEvaluator? Adapter { get; }
    public ExpertSet Experts { get; }
    /// <summary>Tokens read, the start token included.</summary>
    public int Position => _history.Count;
    public ReadOnlySpan<int> History => CollectionsMarshal.AsSpan(_history);

    /// <summary>Begins the stream with <paramref name="first"/> (not predicted; usually the document separator).</summary>
    public void Start(int first)
    {
        if (_history.Count > 0) throw new InvalidOperationException("the predictor has already started; make a new one");
        Lstm.Start(first);
        TakeIn(first);
    }

    /// <summary>Reads real tokens, adapting every part; returns their summed cross-entropy in nats under the mixed
    /// prediction each had before it was read.</summary>
    public double Observe(ReadOnlySpan<int> tokens)
    {
        if (_history.Count == 0) throw new InvalidOperationException("call Start before Observe");
        _observedNats = 0;
        Lstm.Read(tokens, _visit);
        return _observedNats;
    }

    /// <summary>The mixed distribution [V] of the next token.</summary>
    public void Distribution(Span<float> probabilities)
    {
        int context = Experts.Fill(Lstm.NextLogits, History, Experts.Match?.Cursor, _inputs, _scratch);
        Experts.Mixer.Mix(_inputs, context, probabilities);
    }

    /// <summary>A decoding branch at the current position (valid until the next Observe).</summary>
    public PredictorBranch Branch()
        => new(Lstm.Model, Experts, Lstm.LiveState, Lstm.NextLogits, History, Experts.Match?.Cursor);

    private void Visit(int token, ReadOnlySpan<float> lstmLogits)
    {
        int context = Experts.Fill(lstmLogits, History, Experts.Match?.Cursor, _inputs, _scratch);
        Experts.Mixer.Mix(_inputs, context, _probabilities);
        _observedNats -= Math.Log(Math.Max(_probabilities[token], 1e-30f));
        if (_learnMixer) Experts.Mixer.Learn(_inputs, context, _probabilities, token);
        TakeIn(token);
    }

    private void TakeIn(int token)
    {
        Experts.Cache?.Add(History, token);
        Experts.Match?.Append(token);
        _history.Add(token);
    }

    public void Dispose() => Adapter?.Dispose();
}
