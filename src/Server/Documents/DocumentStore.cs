using CharRnnLsp.Server.Lsp.Protocol;

namespace CharRnnLsp.Server.Documents;

/// <summary>
/// Open documents by URI, text only. Mutations come from the in-order notification path; reads take the current
/// immutable TextDocument. What others keep per document (model states) follows the events, which are raised in
/// order, on the notification path, before the next message is read.
/// </summary>
public sealed class DocumentStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, TextDocument> _documents = new(StringComparer.Ordinal);
    private long _largeTableBytesSinceCollect;

    /// <summary>A document was opened (or reopened: whatever was kept for its URI is stale).</summary>
    public event Action<TextDocument>? Opened;
    /// <summary>An edit made the new snapshot; the text before the offset (the first changed character) is unchanged.</summary>
    public event Action<TextDocument, int>? Changed;
    public event Action<string>? Closed;

    /// <summary>An edit copies the document's chunk table; for a document of tens of megabytes that table is a
    /// large-object-heap array, which the GC only sweeps in full collections, which a quiet server rarely triggers,
    /// so RSS would climb by the table's size per keystroke. A collection after this much churn keeps memory bounded.</summary>
    private const long LargeTableChurnBeforeCollect = 128L * 1024 * 1024;

    public int Count { get { lock (_gate) return _documents.Count; } }

    public TextDocument Open(TextDocumentItem item)
    {
        var document = new TextDocument(item.Uri, item.LanguageId ?? "", item.Version, DocumentText.From(item.Text ?? ""), 0);
        lock (_gate)
        {
            _documents[item.Uri] = document;
            Opened?.Invoke(document);
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
            _documents[next.Uri] = next;
            Changed?.Invoke(next, firstChanged);
            NoteLargeTableChurn(text.TableBytes);
            return next;
        }
    }

    public void Close(string uri)
    {
        lock (_gate)
        {
            if (_documents.Remove(uri)) Closed?.Invoke(uri);
        }
    }

    public TextDocument? TryGet(string uri)
    {
        lock (_gate) return _documents.GetValueOrDefault(uri);
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
}
