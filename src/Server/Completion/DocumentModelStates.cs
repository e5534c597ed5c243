using CharRnnLsp.Server.Documents;
using CharRnnLsp.Server.Model;

namespace CharRnnLsp.Server.Completion;

/// <summary>
/// Model states of one document at chosen offsets, so a completion only feeds the characters since the nearest
/// saved state. A chain of states belongs to one context window start (see ContextWindow) and holds a state every
/// <c>interval</c> characters plus the "tip": the state at the most recent request's cursor, which makes the next
/// keystroke cost one character. The states are valid for one text generation and one model version: a request on
/// another generation neither reads nor writes them, a new model version drops them, and edits drop the states after
/// the edit point (those before it still describe the text). Thread-safe; states handed out are clones.
/// </summary>
public sealed class DocumentModelStates(int interval, int maxStates, long generation = 0, int maxChains = 4)
{
    private sealed record Chain(int Start, SortedList<int, IModelCursor> States)
    {
        public int Tip = -1;
    }

    private readonly object _gate = new();
    private readonly List<Chain> _chains = []; // most recently used last
    private readonly HashSet<int> _warming = [];  // window starts a background warm-up is reading
    private long _modelVersion;
    private long _generation = generation;

    public bool HasChain(int start)
    {
        lock (_gate) return _chains.Any(c => c.Start == start);
    }

    /// <summary>Reads the window that starts at <paramref name="start"/> up to <paramref name="offset"/> on the thread
    /// pool, unless that window already has states or is being read: a burst of keystrokes queues one warm-up.</summary>
    public void WarmInBackground(TextDocument document, LoadedModel model, int start, int offset)
    {
        lock (_gate)
        {
            if (HasChain(start) || !_warming.Add(start)) return;
        }
        ThreadPool.QueueUserWorkItem(ignored =>
        {
            try
            {
                CursorAt(document, model, start, offset, CancellationToken.None, out _);
            }
            catch (Exception)
            {
                // Only an optimization: a failing model is reported by the request that needs it.
            }
            finally
            {
                lock (_gate) _warming.Remove(start);
            }
        });
    }

    public int StateCount { get { lock (_gate) return _chains.Sum(c => c.States.Count); } }

    /// <summary>An edit at <paramref name="fromOffset"/> produced text generation <paramref name="generation"/>:
    /// states after the edit point no longer describe the text; those at or before it still do.</summary>
    public void Invalidate(int fromOffset, long generation)
    {
        lock (_gate)
        {
            _generation = generation;
            foreach (var chain in _chains)
            {
                var stale = chain.States.Keys.Where(k => k > fromOffset).ToList();
                foreach (int key in stale) chain.States.Remove(key);
                if (chain.Tip > fromOffset) chain.Tip = -1;
            }
            _chains.RemoveAll(c => c.Start > fromOffset);
        }
    }

    public void Clear()
    {
        lock (_gate) _chains.Clear();
    }

    /// <summary>A cursor that has read separator + text[start..offset) of <paramref name="document"/>, resumed from
    /// the nearest saved state. The caller owns the returned cursor.</summary>
    public IModelCursor CursorAt(TextDocument document, LoadedModel model, int start, int offset,
        CancellationToken cancellation, out int charsFed)
    {
        IModelCursor? cursor = null;
        int at = start;
        lock (_gate)
        {
            if (model.Version > _modelVersion) { _chains.Clear(); _modelVersion = model.Version; }
            if (_generation == document.Generation && _modelVersion == model.Version && FindChain(start) is { } chain)
            {
                for (int i = chain.States.Count - 1; i >= 0; i--)
                {
                    if (chain.States.Keys[i] > offset) continue;
                    at = chain.States.Keys[i];
                    cursor = chain.States.Values[i].Clone();
                    break;
                }
            }
        }
        if (cursor is null)
        {
            cursor = model.Model.StartOfDocument();
            Save(document, model, start, start, cursor, isTip: false);
        }
        charsFed = offset - at;
        int from = at;
        string text = document.Text.Slice(from, offset - from); // text[from..offset): what is left to read
        while (at < offset)
        {
            int next = Math.Min(offset, (at / interval + 1) * interval);
            if (next < offset && char.IsHighSurrogate(text[next - 1 - from])) next++; // never split a surrogate pair
            cursor.Feed(text.AsSpan(at - from, next - at), cancellation);
            at = next;
            if (at < offset) Save(document, model, start, at, cursor, isTip: false);
        }
        Save(document, model, start, offset, cursor, isTip: true);
        return cursor;
    }

    private void Save(TextDocument document, LoadedModel model, int start, int offset, IModelCursor cursor, bool isTip)
    {
        var copy = cursor.Clone();
        lock (_gate)
        {
            // Work started on an older text or model must not leave states that the current one would trust.
            if (_generation != document.Generation || _modelVersion != model.Version) return;
            var chain = FindChain(start);
            if (chain is null)
            {
                chain = new Chain(start, new SortedList<int, IModelCursor>());
                _chains.Add(chain);
                if (_chains.Count > maxChains) _chains.RemoveAt(0);
            }
            if (isTip)
            {
                if (chain.Tip >= 0 && chain.Tip != offset && chain.Tip % interval != 0) chain.States.Remove(chain.Tip);
                chain.Tip = offset;
            }
            chain.States[offset] = copy;
            while (_chains.Sum(c => c.States.Count) > maxStates) EvictOne(chain, offset);
        }
    }

    /// <summary>Drops the least useful state: from the oldest other chain first, else the one farthest from the cursor.</summary>
    private void EvictOne(Chain current, int offset)
    {
        var other = _chains.FirstOrDefault(c => c != current && c.States.Count > 0);
        if (other is not null) { other.States.RemoveAt(0); if (other.States.Count == 0) _chains.Remove(other); return; }
        int farthest = current.States.Keys.Where(k => k != offset && k != current.Start)
            .OrderByDescending(k => Math.Abs(k - offset)).DefaultIfEmpty(-1).First();
        if (farthest < 0) farthest = current.States.Keys.First(k => k != offset);
        current.States.Remove(farthest);
    }

    private Chain? FindChain(int start)
    {
        int index = _chains.FindIndex(c => c.Start == start);
        if (index < 0) return null;
        var chain = _chains[index];
        _chains.RemoveAt(index);
        _chains.Add(chain);
        return chain;
    }
}
