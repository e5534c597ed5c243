using CharRnnLsp.Core.Adaptation;
using CharRnnLsp.Core.Data;
using CharRnnLsp.Server.Documents;
using CharRnnLsp.Server.Model;

namespace CharRnnLsp.Server.Completion.Adaptation;

/// <summary>What the adaptation manager keeps of one open document.</summary>
/// <param name="Adaptation">dynamic evaluation on.</param>
/// <param name="Cache">document cache mixed in.</param>
/// <param name="Match">match model mixed in.</param>
public sealed record AdaptationParts(bool Adaptation, bool Cache, bool Match)
{
    public bool Mixing => Cache || Match;
    public bool Any => Adaptation || Mixing;
}

/// <summary>
/// One document's adaptation: reads its text in chunks on the worker thread (first from the start, then the
/// regions edits touched), publishes <see cref="AdaptedModel"/>s for requests, and keeps its request-time experts.
/// The first read also learns the mixer (with its own cache and match model over the text read, as in eval);
/// later reads only adapt the weights. Fields shared with the dispatch thread are guarded by <see cref="Gate"/>;
/// reading runs outside it, so an edit never waits for a chunk.
/// </summary>
/// <param name="served">the served model; its Model is an <see cref="ILstmCompletionModel"/>.</param>
/// <param name="nextVersion">gives each publication its model version.</param>
public sealed class DocumentAdaptation(TextDocument document, LoadedModel served, AdaptationParts parts,
    AdaptationTuning tuning, Func<long> nextVersion, Action<string> log) : IDisposable
{
    private readonly ILstmCompletionModel trained = (ILstmCompletionModel)served.Model;
    public readonly object Gate = new();
    private readonly DirtyRanges _dirty = new();
    private AdaptivePredictor? _firstPass;      // while the first read runs
    private AdaptiveLstm? _reader;              // a later read
    private DynamicEvaluator? _adapter;
    private Mixer? _mixer;
    private bool _started, _streaming, _busy, _cancelled, _closed;
    private int _position, _end, _inFlightEnd, _sincePublish;
    private string? _divergence;
    private DateTime _lastEdit = DateTime.MinValue;

    public TextDocument Latest { get; private set; } = document;
    public AdaptationParts Parts => parts;
    public LoadedModel Served => served;
    public Core.Data.Vocabulary Vocabulary => trained.Vocabulary;
    public int LastRequestOffset { get; set; } = -1;
    public volatile AdaptedModel? Published;
    public volatile WorkspaceExperts? Experts;
    /// <summary>The experts should be built (again) at the worker's next chance.</summary>
    public bool ExpertsWanted { get; set; } = parts.Mixing;
    public int EditsSinceExpertsBuild { get; set; } = int.MaxValue;
    public int AdaptedChars { get; private set; }
    /// <summary>Reads abandoned because an edit changed text they had already read.</summary>
    public int CancelledReads { get; private set; }
    public int Divergences { get; private set; }
    public string? DivergenceReason { get; private set; }
    public bool Reading { get { lock (Gate) return _streaming || !_started; } }

    /// <summary>An edit produced <paramref name="next"/>: text from <paramref name="at"/> on moved by
    /// <paramref name="delta"/>. A read already past the edit point is cancelled (what it read changed); the edited
    /// region is queued, to be read once the document is quiet.</summary>
    public void Edited(TextDocument next, int at, int delta)
    {
        lock (Gate)
        {
            Latest = next;
            _lastEdit = DateTime.UtcNow;
            _dirty.Shift(at, delta);
            if (parts.Adaptation) _dirty.Add(Math.Max(0, at - tuning.EditMargin), Math.Min(next.Text.Length, at + Math.Max(delta, 0) + tuning.EditMargin));
            if (_streaming)
            {
                if (at < _position) _cancelled = true;
                (_position, _end, _inFlightEnd) = (Shift(_position), Shift(_end), Shift(_inFlightEnd));
                if (_cancelled && !_busy) EndRead();
            }
            EditsSinceExpertsBuild = Math.Min(EditsSinceExpertsBuild, at);
        }
        Experts?.NoteEdit(next.Generation, at);

        int Shift(int position) => DirtyRanges.ShiftPosition(position, at, delta);
    }

    /// <summary>Whether <see cref="ReadChunk"/> has something to do now.</summary>
    public bool HasReadingWork()
    {
        lock (Gate)
        {
            if (_closed || !parts.Any) return false;
            if (_streaming || !_started) return true;
            return parts.Adaptation && _dirty.Count > 0 && DateTime.UtcNow - _lastEdit >= tuning.QuietTime;
        }
    }

    /// <summary>Reads the next chunk (worker thread only); true when new weights should be published.</summary>
    public bool ReadChunk()
    {
        try
        {
            return ReadNextChunk();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A read that throws (options the engine refuses, a bug) must not leave the document marked busy, and so
            // never read or cleaned up again: serve the trained weights, and try again only after the next edit.
            lock (Gate)
            {
                _busy = false;
                _started = true;
                FallBack("failed", e.Message);
                if (_closed) { _adapter?.Dispose(); return false; }
            }
            return true;
        }
    }

    private bool ReadNextChunk()
    {
        string text;
        lock (Gate)
        {
            if (!HasReadingWork()) return false;
            if (!_streaming && !BeginRead()) return false;
            int end = Math.Min(_end, _position + tuning.ChunkChars);
            if (end < _end && char.IsHighSurrogate(Latest.Text[end - 1])) end++;
            text = Latest.Text.Slice(_position, end - _position);
            (_inFlightEnd, _busy) = (end, true);
        }
        var tokens = trained.Vocabulary.Encode(text);
        int divergencesBefore = Divergences;
        if (_firstPass != null) _firstPass.Observe(tokens);
        else _reader!.Read(tokens);
        lock (Gate)
        {
            _busy = false;
            if (_adapter != null) AdaptedChars += text.Length;
            _sincePublish += text.Length;
            _position = _inFlightEnd;
            if (Divergences > divergencesBefore) FallBack("diverged", DivergenceReason!);
            else if (_cancelled || _position >= _end) EndRead();
            if (_closed) { _adapter?.Dispose(); return false; }
            bool publish = !_streaming || _sincePublish >= tuning.PublishEveryChars;
            if (publish) _sincePublish = 0;
            return publish;
        }
    }

    /// <summary>The current weights and mixer as an immutable <see cref="AdaptedModel"/> (worker thread, between chunks).</summary>
    public AdaptedModel Publish()
    {
        bool adapted = _adapter != null && AdaptedChars > 0 && _divergence == null;
        var model = adapted
            ? trained.WithWeights(_adapter!.Snapshot(), trained.Info with { Description = $"{trained.Info.Description}, adapted to {AdaptedChars:N0} chars" })
            : trained;
        var published = new AdaptedModel(new LoadedModel(model, nextVersion()), served, _mixer?.Clone(), adapted ? _adapter!.Version : 0, AdaptedChars);
        Published = published;
        return published;
    }

    public AdaptationStatus Status()
    {
        lock (Gate)
        {
            string state = _divergence != null ? "diverged"
                : !parts.Adaptation ? "static"
                : _streaming || !_started || _dirty.Count > 0 ? "adapting"
                : "adapted";
            return new AdaptationStatus(Latest.Uri, state, AdaptedChars, Latest.Text.Length, Published?.AdaptationVersion ?? 0, _divergence);
        }
    }

    // The first read goes from the start of the document; later ones take the first edited region.
    private bool BeginRead()
    {
        int length = Latest.Text.Length;
        int separator = trained.Vocabulary.IndexOf(Vocabulary.DocumentSeparatorCodePoint);
        if (!_started)
        {
            _started = true;
            _dirty.Clear();  // the first read covers what edits so far touched
            (_position, _end) = (0, Math.Min(length, tuning.MaxFirstPassChars));
            var options = new AdaptivePredictorOptions(parts.Adaptation ? tuning.Dynamic : null,
                parts.Cache ? 6 : 0, parts.Match ? 6 : 0);
            _firstPass = new AdaptivePredictor(trained.Network, options);
            _adapter = _firstPass.Adapter;
            _mixer = parts.Mixing ? _firstPass.Experts.Mixer : null;
            if (_adapter != null) _adapter.Diverged += Diverged;
            _firstPass.Start(separator);
        }
        else
        {
            if (_adapter == null || _dirty.TakeFirst(length) is not { } range) return false;
            (_position, _end) = range;
            _divergence = null; // a new start from the trained weights the fallback left
            _reader = new AdaptiveLstm(_adapter.Model, _adapter);
            _reader.Start(separator);
        }
        _streaming = _position < _end;
        _cancelled = false;
        if (!_streaming) EndRead();
        return _streaming;
    }

    // A read that stops before its end leaves the rest for later.
    private void EndRead()
    {
        if (_cancelled && _position < _end) { _dirty.Add(_position, _end); CancelledReads++; }
        _streaming = _cancelled = false;
        _firstPass = null;     // the adapter and the mixer it made live on
        _reader = null;
    }

    private void Diverged(string reason)
    {
        Divergences++;
        DivergenceReason = reason;
    }

    // After a divergence the evaluator already restored the trained weights for the bad segment; serve them, and
    // start over from them on the next edit rather than from whatever later segments of this chunk did.
    private void FallBack(string what, string reason)
    {
        if (_divergence == null) log($"adaptation of {Latest.Uri} {what}, serving the trained weights: {reason}");
        _divergence = reason;
        _adapter?.Reset();
        AdaptedChars = 0;
        _dirty.Clear();
        _cancelled = false;
        EndRead();
    }

    /// <summary>Called by the dispatch thread; the worker disposes the weights itself if it is mid-chunk.</summary>
    public void Dispose()
    {
        lock (Gate)
        {
            _closed = true;
            Published = null;
            Experts = null;
            if (!_busy) _adapter?.Dispose();
        }
    }
}
