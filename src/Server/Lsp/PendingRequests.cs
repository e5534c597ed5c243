using System.Collections.Concurrent;
using CharRnnLsp.Server.Lsp.Protocol;

namespace CharRnnLsp.Server.Lsp;

/// <summary>
/// Requests in flight. Guarantees exactly one answer per request: whoever claims a request first (its handler
/// finishing, $/cancelRequest, or a newer request superseding it) answers it; later claims are ignored.
/// </summary>
public sealed class PendingRequests(MessageWriter writer)
{
    public sealed class Entry(JsonRpcId id, string? supersessionKey)
    {
        private int _claimed;
        public JsonRpcId Id { get; } = id;
        public string? SupersessionKey { get; } = supersessionKey;
        public CancellationTokenSource Cancellation { get; } = new();
        public bool TryClaim() => Interlocked.Exchange(ref _claimed, 1) == 0;
    }

    private readonly ConcurrentDictionary<JsonRpcId, Entry> _entries = new();
    private readonly ConcurrentDictionary<string, Entry> _latestByKey = new();

    public int Count => _entries.Count;

    public bool IsInFlight(JsonRpcId id) => _entries.ContainsKey(id);

    /// <summary>Registers a request; a previous request with the same supersession key is answered -32800 now.</summary>
    public Entry Begin(JsonRpcId id, string? supersessionKey)
    {
        var entry = new Entry(id, supersessionKey);
        _entries[id] = entry;
        if (supersessionKey is not null && _latestByKey.TryGetValue(supersessionKey, out var older) && older != entry)
            CancelWithAnswer(older, "superseded by a newer request");
        if (supersessionKey is not null) _latestByKey[supersessionKey] = entry;
        return entry;
    }

    /// <summary>$/cancelRequest: answers -32800 at once and signals the handler to stop.</summary>
    public void Cancel(JsonRpcId id)
    {
        if (_entries.TryGetValue(id, out var entry)) CancelWithAnswer(entry, "cancelled by the client");
    }

    /// <summary>The handler finished: returns true when it is the one that must answer.</summary>
    public bool Complete(Entry entry)
    {
        Forget(entry);
        return entry.TryClaim();
    }

    private void CancelWithAnswer(Entry entry, string why)
    {
        if (!entry.TryClaim()) return;
        entry.Cancellation.Cancel();
        Forget(entry);
        _ = writer.SendErrorAsync(entry.Id, ErrorCodes.RequestCancelled, why);
    }

    private void Forget(Entry entry)
    {
        _entries.TryRemove(new KeyValuePair<JsonRpcId, Entry>(entry.Id, entry));
        if (entry.SupersessionKey is not null)
            _latestByKey.TryRemove(new KeyValuePair<string, Entry>(entry.SupersessionKey, entry));
    }
}
