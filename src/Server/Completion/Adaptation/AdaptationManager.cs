using CharRnnLsp.Server.Documents;
using CharRnnLsp.Server.Model;
using CharRnnLsp.Server.Settings;
using Microsoft.Extensions.Logging;

namespace CharRnnLsp.Server.Completion.Adaptation;

/// <summary>
/// Adapts the open documents in the background and hands requests the result: per document the model to use
/// (<see cref="ModelFor"/>) and the experts to mix with (<see cref="ExpertsFor"/>). Documents tell it about
/// opens, edits and closes on the dispatch thread (cheap: no model work there); one worker thread calls
/// <see cref="RunOnce"/>. At most maxAdaptedDocuments documents keep adapted weights and experts (least recently
/// used first out; a dropped one starts over when it is next used). A new served model or a change of the
/// adaptation settings starts every document over. The checkpoint file is never written: adapted weights are
/// copies.
/// Model versions (what cached LSTM states are keyed by, and must only grow per document): the served model of load
/// generation g is handed out as version g &lt;&lt; 32, each publication gets g &lt;&lt; 32 plus a server-wide counter,
/// so a document's versions grow with its publications and a newly loaded model is newer than all of them.
/// </summary>
public sealed class AdaptationManager(SettingsStore settings, ILogger<AdaptationManager> logger, AdaptationTuning? tuning = null)
{
    private readonly AdaptationTuning _tuning = tuning ?? AdaptationTuning.Default;
    private readonly object _gate = new();
    private readonly Dictionary<string, TextDocument> _open = new(StringComparer.Ordinal);
    private readonly List<string> _recent = []; // most recently used first
    private readonly Dictionary<string, DocumentAdaptation> _states = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _work = new(0);
    private LoadedModel? _served;          // as loaded; its Model an ILstmCompletionModel, else null
    private LoadedModel? _servedShifted;   // the same model with its version shifted (see the class summary)
    private long _publications;

    /// <summary>Raised on the worker thread when a document's adaptation state changes.</summary>
    public event Action<AdaptationStatus>? StatusChanged;

    /// <summary>Released when there may be new work; the worker waits on it.</summary>
    public SemaphoreSlim WorkSignal => _work;

    public int AdaptedDocumentCount { get { lock (_gate) return _states.Count; } }

    /// <summary>Raised on the worker thread after a document's new weights are published, with its text and the last
    /// request's cursor (-1 if none), so that states for the next request can be computed ahead.</summary>
    public event Action<TextDocument, LoadedModel, int>? Published;

    /// <summary>The served model changed (null: none). Every document starts over with it.</summary>
    public void ServeModel(LoadedModel? model)
    {
        lock (_gate)
        {
            _served = model?.Model is ILstmCompletionModel ? model : null;
            StartOver();
        }
    }

    /// <summary>Call after a settings change; adaptation starts over when one of its parts was switched.</summary>
    public void SettingsChanged(ServerSettings previous, ServerSettings next)
    {
        if (Parts(previous) == Parts(next) && previous.MaxAdaptedDocuments == next.MaxAdaptedDocuments) return;
        lock (_gate) StartOver();
    }

    public void Opened(TextDocument document)
    {
        lock (_gate)
        {
            _open[document.Uri] = document;
            foreach (var state in _states.Values) state.ExpertsWanted |= state.Parts.Mixing; // one more other document
            Touch(document.Uri);
        }
    }

    /// <summary>An edit made <paramref name="next"/>; text before <paramref name="firstChanged"/> is unchanged.</summary>
    public void Changed(TextDocument next, int firstChanged)
    {
        DocumentAdaptation? state;
        int delta;
        lock (_gate)
        {
            delta = next.Text.Length - (_open.TryGetValue(next.Uri, out var previous) ? previous.Text.Length : next.Text.Length);
            _open[next.Uri] = next;
            state = Touch(next.Uri);
        }
        state?.Edited(next, firstChanged, delta);
    }

    public void Closed(string uri)
    {
        lock (_gate)
        {
            _open.Remove(uri);
            _recent.Remove(uri);
            if (_states.Remove(uri, out var state)) state.Dispose();
        }
    }

    /// <summary>The model a request on <paramref name="document"/> uses: its adapted weights once published, else
    /// <paramref name="served"/> (with its version shifted, see the class summary).</summary>
    public LoadedModel ModelFor(TextDocument document, LoadedModel served)
    {
        var published = StateOf(document.Uri)?.Published;
        if (published != null && ReferenceEquals(published.Trained, served)) return published.Model;
        var shifted = _servedShifted;
        if (shifted == null || !ReferenceEquals(shifted.Model, served.Model) || shifted.Version != served.Version << 32)
            _servedShifted = shifted = new LoadedModel(served.Model, served.Version << 32);
        return shifted;
    }

    /// <summary>The mixer and experts for a request at <paramref name="offset"/>, held until the lease is disposed;
    /// null when nothing is mixed (settings off, not built yet, busy, or the cursor too far from them: then a
    /// rebuild is queued). Also records the cursor, where the worker warms states after publishing.</summary>
    public (WorkspaceExperts.Lease Lease, Core.Adaptation.Mixer Mixer)? ExpertsFor(TextDocument document, int offset, LoadedModel model)
    {
        var state = StateOf(document.Uri);
        if (state == null) return null;
        state.LastRequestOffset = offset;
        var published = state.Published;
        if (published?.Mixer == null || !ReferenceEquals(published.Model, model)) return null;
        var experts = state.Experts;
        var lease = experts?.Acquire(document, offset);
        if (experts == null || experts.Stale)
        {
            state.ExpertsWanted = true;
            _work.Release();
        }
        return lease == null ? null : (lease, published.Mixer);
    }

    /// <summary>One unit of background work: build one document's experts or read one chunk of one document, the
    /// most recently used first. Returns false when there was nothing to do. Worker thread only.</summary>
    public bool RunOnce(CancellationToken cancellation)
    {
        var (state, others) = NextWork();
        if (state == null) return false;
        if (state.ExpertsWanted) { BuildExperts(state, others, cancellation); return true; }
        bool publish = state.ReadChunk();
        if (publish)
        {
            var published = state.Publish();
            Published?.Invoke(state.Latest, published.Model, state.LastRequestOffset);
            StatusChanged?.Invoke(state.Status());
        }
        return true;
    }

    /// <summary>A document's adaptation state, or null when it holds none (not open, dropped, or nothing to adapt).</summary>
    public AdaptationStatus? StatusOf(string uri) => StateOf(uri)?.Status();

    internal DocumentAdaptation? StateOf(string uri)
    {
        lock (_gate) return _states.GetValueOrDefault(uri);
    }

    private (DocumentAdaptation? State, List<DocumentText> Others) NextWork()
    {
        lock (_gate)
        {
            foreach (string uri in _recent)
            {
                if (!_states.TryGetValue(uri, out var state)) continue;
                if (!state.ExpertsWanted && !state.HasReadingWork()) continue;
                var others = _recent.Where(u => u != uri).Select(u => _open[u].Text).ToList();
                return (state, others);
            }
            return (null, []);
        }
    }

    private void BuildExperts(DocumentAdaptation state, List<DocumentText> others, CancellationToken cancellation)
    {
        TextDocument snapshot;
        int upTo;
        lock (state.Gate)
        {
            state.ExpertsWanted = false;
            state.EditsSinceExpertsBuild = int.MaxValue;
            snapshot = state.Latest;
            upTo = state.LastRequestOffset >= 0 ? Math.Min(state.LastRequestOffset, snapshot.Text.Length) : snapshot.Text.Length;
        }
        var built = WorkspaceExperts.Build(snapshot, upTo, others, state.Vocabulary, state.Parts.Cache, state.Parts.Match, cancellation);
        lock (state.Gate)
        {
            if (state.EditsSinceExpertsBuild != int.MaxValue) built.NoteEdit(state.Latest.Generation, state.EditsSinceExpertsBuild);
            state.Experts = built;
        }
    }

    private DocumentAdaptation? Touch(string uri)
    {
        _recent.Remove(uri);
        _recent.Insert(0, uri);
        var parts = Parts(settings.Current);
        if (!_states.TryGetValue(uri, out var state) && _served is { } served && parts.Any && _open.TryGetValue(uri, out var document))
        {
            _states[uri] = state = new DocumentAdaptation(document, served, parts, _tuning,
                () => (served.Version << 32) + Interlocked.Increment(ref _publications), line => logger.LogWarning("{Line}", line));
            _work.Release();
        }
        int keep = settings.Current.MaxAdaptedDocuments;
        foreach (string old in _recent.Skip(keep).ToList())
            if (_states.Remove(old, out var dropped)) dropped.Dispose();
        return state;
    }

    private void StartOver()
    {
        foreach (var state in _states.Values) state.Dispose();
        _states.Clear();
        foreach (string uri in _recent.Take(settings.Current.MaxAdaptedDocuments).Reverse().ToList()) Touch(uri);
    }

    private static AdaptationParts Parts(ServerSettings s) => new(s.Adaptation, s.DocumentCache, s.MatchModel);
}
