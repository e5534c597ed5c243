using CharRnnLsp.Server.Documents;
using CharRnnLsp.Server.Model;
using CharRnnLsp.Server.Settings;

namespace CharRnnLsp.Server.Completion;

/// <summary>
/// The model states kept for open documents, by document URI; each document's states are valid for one text
/// generation and one model version (<see cref="DocumentModelStates"/>). They follow the document store's events:
/// an edit drops the states after the edit point, closing or reopening a document drops them all. States are kept for
/// the <c>maxCachedDocuments</c> most recently used documents only, which bounds memory at that many times
/// <c>maxSnapshotsPerDocument</c> states; a new model drops every state at once instead of on the next request.
/// </summary>
public sealed class ModelStateCache
{
    private readonly SettingsStore _settings;
    private readonly object _gate = new();
    private readonly Dictionary<string, DocumentModelStates> _documents = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _recentlyUsed = new(); // most recent first

    public ModelStateCache(DocumentStore documents, ModelProvider models, SettingsStore settings)
    {
        _settings = settings;
        documents.Opened += document => Replace(document.Uri, document.Generation);
        documents.Changed += (document, firstChanged) => StatesFor(document).Invalidate(firstChanged, document.Generation);
        documents.Closed += Remove;
        models.ModelChanged += _ => Clear();
    }

    /// <summary>A cursor that has read separator + text[start..offset) of the document, resumed from the nearest
    /// kept state. The caller owns it.</summary>
    public IModelCursor CursorAt(TextDocument document, LoadedModel model, int start, int offset, CancellationToken cancellation) =>
        StatesFor(document).CursorAt(document, model, start, offset, cancellation, out _);

    /// <summary>Reads the window that starts at <paramref name="start"/> up to <paramref name="offset"/> on the thread
    /// pool, unless it is kept or being read already.</summary>
    public void WarmInBackground(TextDocument document, LoadedModel model, int start, int offset) =>
        StatesFor(document).WarmInBackground(document, model, start, offset);

    public int StateCount
    {
        get { lock (_gate) return _documents.Values.Sum(d => d.StateCount); }
    }

    public void Clear()
    {
        lock (_gate)
            foreach (var states in _documents.Values) states.Clear();
    }

    private DocumentModelStates StatesFor(TextDocument document)
    {
        lock (_gate)
        {
            if (!_documents.TryGetValue(document.Uri, out var states)) states = Replace(document.Uri, document.Generation);
            else Touch(document.Uri);
            return states;
        }
    }

    private DocumentModelStates Replace(string uri, long generation)
    {
        var s = _settings.Current;
        var states = new DocumentModelStates(s.SnapshotInterval, s.MaxSnapshotsPerDocument, generation);
        lock (_gate)
        {
            _documents[uri] = states;
            Touch(uri);
        }
        return states;
    }

    private void Remove(string uri)
    {
        lock (_gate)
        {
            _documents.Remove(uri);
            _recentlyUsed.Remove(uri);
        }
    }

    /// <summary>Marks the document most recently used and empties the states of those past the limit.</summary>
    private void Touch(string uri)
    {
        _recentlyUsed.Remove(uri);
        _recentlyUsed.AddFirst(uri);
        int keep = _settings.Current.MaxCachedDocuments;
        var node = _recentlyUsed.First;
        for (int i = 0; node is not null; i++, node = node.Next)
            if (i >= keep && _documents.TryGetValue(node.Value, out var old)) old.Clear();
    }
}
