using CharRnnLsp.Server.Protocol;
using CharRnnLsp.Server.Settings;

namespace CharRnnLsp.Server.Documents;

/// <summary>
/// Open documents by URI. Mutations come from the in-order notification path; reads take the current immutable
/// TextDocument. Model-state caches are kept for the most recently used documents only, which bounds memory:
/// at most maxCachedDocuments x snapshotsPerDocument states.
/// </summary>
public sealed class DocumentStore(SettingsStore settings)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, TextDocument> _documents = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _recentlyUsed = new(); // most recent first
    private long _largeTableBytesSinceCollect;

    /// <summary>An edit copies the document's chunk table; for a document of tens of megabytes that table is a
    /// large-object-heap array, which the GC only sweeps in full collections, which a quiet server rarely triggers,
    /// so RSS would climb by the table's size per keystroke. A collection after this much churn keeps memory bounded.</summary>
    private const long LargeTableChurnBeforeCollect = 128L * 1024 * 1024;

    public int Count { get { lock (_gate) return _documents.Count; } }

    public TextDocument Open(TextDocumentItem item)
    {
        var options = settings.Current;
        var document = new TextDocument(item.Uri, item.LanguageId ?? "", item.Version, DocumentText.From(item.Text ?? ""), 0,
            new ContextCache(options.SnapshotInterval, options.MaxSnapshotsPerDocument));
        lock (_gate)
        {
            _documents[item.Uri] = document;
            Touch(item.Uri);
        }
        return document;
    }

    /// <summary>Applies a didChange; returns null when the document is not open.</summary>
    public TextDocument? Change(DidChangeTextDocumentParams change, PositionEncodingKind encoding)
    {
        lock (_gate)
        {
            if (!_documents.TryGetValue(change.TextDocument.Uri, out var current)) return null;
            var (text, firstChanged) = TextChangeApplier.Apply(current.Text, change.ContentChanges ?? [], encoding);
            var next = current with { Text = text, Version = change.TextDocument.Version, Generation = current.Generation + 1 };
            current.Cache.Invalidate(firstChanged, next.Generation);
            _documents[next.Uri] = next;
            Touch(next.Uri);
            NoteLargeTableChurn(text.TableBytes);
            return next;
        }
    }

    public void Close(string uri)
    {
        lock (_gate)
        {
            if (_documents.Remove(uri, out var closed)) closed.Cache.Clear();
            _recentlyUsed.Remove(uri);
        }
    }

    public TextDocument? TryGet(string uri)
    {
        lock (_gate)
        {
            if (!_documents.TryGetValue(uri, out var document)) return null;
            Touch(uri);
            return document;
        }
    }

    /// <summary>Forgets every cached model state (the model changed).</summary>
    public void ClearCaches()
    {
        lock (_gate)
            foreach (var document in _documents.Values) document.Cache.Clear();
    }

    private void NoteLargeTableChurn(long bytes)
    {
        if (bytes < 85_000) return; // below the large-object threshold: dies young in gen0 without help
        _largeTableBytesSinceCollect += bytes;
        if (_largeTableBytesSinceCollect < LargeTableChurnBeforeCollect) return;
        _largeTableBytesSinceCollect = 0;
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    private void Touch(string uri)
    {
        _recentlyUsed.Remove(uri);
        _recentlyUsed.AddFirst(uri);
        int keep = settings.Current.MaxCachedDocuments;
        var node = _recentlyUsed.First;
        for (int i = 0; node is not null; i++, node = node.Next)
            if (i >= keep && _documents.TryGetValue(node.Value, out var old)) old.Cache.Clear();
    }
}
