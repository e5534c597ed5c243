using System.Runtime.InteropServices;
using CharRnnLsp.Core.Adaptation;
using CharRnnLsp.Core.Data;
using CharRnnLsp.Server.Documents;

namespace CharRnnLsp.Server.Completion.Adaptation;

/// <summary>
/// The experts a document's suggestions are mixed with: a match model over the other open documents and this
/// document's text before the cursor, and a document cache over the last <see cref="CacheWindowTokens"/> tokens
/// of the same text. Built in the background (<see cref="Build"/>); a request brings them to its cursor
/// (<see cref="Acquire"/>: a truncation and an append of what changed, at most <see cref="MaxSyncChars"/>) and
/// holds them read-only until its decoding is done. Memory: about 20 bytes per token for the match model and
/// the token lists, plus the cache's entries (about 100 bytes per distinct context of order 1..6).
/// </summary>
public sealed class WorkspaceExperts
{
    /// <summary>Text of the other open documents the match model reads (most recently used first).</summary>
    public const int OtherDocumentsChars = 128 * 1024;
    /// <summary>Tokens the cache counts at build time; it grows past this as the cursor moves on, and a rebuild is
    /// asked for at twice this.</summary>
    public const int CacheWindowTokens = 32 * 1024;
    /// <summary>Most characters a request removes and appends to catch up with its cursor; more asks for a rebuild.</summary>
    public const int MaxSyncChars = 4096;
    private static readonly TimeSpan WaitForOtherRequest = TimeSpan.FromMilliseconds(100);

    private readonly object _use = new();        // held by one request from its sync to the end of its decoding
    private readonly object _edits = new();      // lets the dispatch thread note edits without waiting for a decode
    private readonly List<int> _tokens = [];     // other documents, each followed by the separator, then this one's
    private readonly List<int> _starts = [];     // UTF-16 offset in the document of each of its tokens
    private readonly Vocabulary _vocabulary;
    private readonly int _documentStart;         // index into _tokens of this document's first token
    private int _cacheStart;                     // index into _tokens of the first token the cache counts
    private int _documentChars;                  // UTF-16 length of the document text the tokens hold
    private int _invalidFrom = int.MaxValue;
    private long _generation;                    // of the newest text noted

    private WorkspaceExperts(Vocabulary vocabulary, List<int> others, DocumentCache? cache, MatchModel? match, long generation)
    {
        (_vocabulary, Cache, Match, _generation) = (vocabulary, cache, match, generation);
        _tokens.AddRange(others);
        _documentStart = _tokens.Count;
        Match?.Append(CollectionsMarshal.AsSpan(_tokens));
    }

    public DocumentCache? Cache { get; }
    public MatchModel? Match { get; }
    /// <summary>Set when a request found them too far from its cursor, or the cache outgrew its window.</summary>
    public bool Stale { get; private set; }

    /// <summary>Experts over <paramref name="others"/> (a budget of <see cref="OtherDocumentsChars"/>) and
    /// <paramref name="document"/>'s text before <paramref name="upTo"/>.</summary>
    public static WorkspaceExperts Build(TextDocument document, int upTo, IEnumerable<DocumentText> others, Vocabulary vocabulary,
        bool cache, bool match, CancellationToken cancellation)
    {
        var otherTokens = new List<int>();
        int separator = vocabulary.IndexOf(Vocabulary.DocumentSeparatorCodePoint);
        int budget = OtherDocumentsChars;
        foreach (var text in others)
        {
            if (budget <= 0) break;
            cancellation.ThrowIfCancellationRequested();
            int take = Math.Min(text.Length, budget);
            otherTokens.AddRange(vocabulary.Encode(text.Slice(0, take)));
            otherTokens.Add(separator);
            budget -= take;
        }
        var experts = new WorkspaceExperts(vocabulary, otherTokens,
            cache ? new DocumentCache(vocabulary.Size) : null, match ? new MatchModel() : null, document.Generation);
        experts.Append(document.Text, 0, Math.Clamp(upTo, 0, document.Text.Length), cancellation, count: false);
        // The cache counts only the last CacheWindowTokens of the text: its entries cost far more than the index's.
        experts._cacheStart = Math.Max(0, experts._tokens.Count - CacheWindowTokens);
        experts.Cache?.Add(CollectionsMarshal.AsSpan(experts._tokens), experts._cacheStart, experts._tokens.Count);
        return experts;
    }

    /// <summary>An edit produced text <paramref name="generation"/>; text from <paramref name="firstChanged"/> on differs.</summary>
    public void NoteEdit(long generation, int firstChanged)
    {
        lock (_edits)
        {
            _generation = Math.Max(_generation, generation);
            _invalidFrom = Math.Min(_invalidFrom, firstChanged);
        }
    }

    /// <summary>The experts brought to <paramref name="offset"/> of <paramref name="document"/> and held for this
    /// caller until the lease is disposed; null when another request holds them too long, the document is older
    /// than the newest edit noted, or the cursor is too far from where they are (then <see cref="Stale"/> is set).</summary>
    public Lease? Acquire(TextDocument document, int offset)
    {
        if (!Monitor.TryEnter(_use, WaitForOtherRequest)) return null;
        try
        {
            if (Sync(document, offset)) return new Lease(this);
        }
        catch
        {
            Monitor.Exit(_use);
            throw;
        }
        Monitor.Exit(_use);
        return null;
    }

    private bool Sync(TextDocument document, int offset)
    {
        int invalidFrom;
        lock (_edits)
        {
            if (document.Generation < _generation) return false;
            invalidFrom = _invalidFrom;
            _invalidFrom = int.MaxValue;
        }
        int keep = Math.Min(Math.Min(invalidFrom, offset), _documentChars);
        int kept = _starts.BinarySearch(keep);
        if (kept < 0) kept = ~kept;                                  // tokens that start before keep
        if (kept > 0 && End(kept - 1) > keep) kept--;                // a surrogate pair cut in two goes too
        int keptChars = kept < _starts.Count ? _starts[kept] : _documentChars;
        if (_starts.Count - kept + (offset - keptChars) > MaxSyncChars) { Stale = true; return false; }
        if (kept < _starts.Count) Truncate(kept, keptChars);
        Append(document.Text, keptChars, offset, CancellationToken.None);
        if (_tokens.Count - _cacheStart > 2 * CacheWindowTokens) Stale = true;
        return true;
    }

    private int End(int token) => token + 1 < _starts.Count ? _starts[token + 1] : _documentChars;

    private void Truncate(int documentTokens, int documentChars)
    {
        int at = _documentStart + documentTokens;
        Cache?.Remove(CollectionsMarshal.AsSpan(_tokens), Math.Max(at, _cacheStart), _tokens.Count);
        _cacheStart = Math.Min(_cacheStart, at); // what is appended from here on is counted
        Match?.Truncate(at);
        _tokens.RemoveRange(at, _tokens.Count - at);
        _starts.RemoveRange(documentTokens, _starts.Count - documentTokens);
        _documentChars = documentChars;
    }

    private void Append(DocumentText text, int from, int to, CancellationToken cancellation, bool count = true)
    {
        if (to <= from) return;
        string slice = text.Slice(from, to - from);
        int offset = from;
        foreach (var rune in slice.EnumerateRunes())
        {
            if (((offset - from) & 4095) == 0) cancellation.ThrowIfCancellationRequested();
            int token = _vocabulary.IndexOf(rune.Value);
            if (count) Cache?.Add(CollectionsMarshal.AsSpan(_tokens), token);
            Match?.Append(token);
            _tokens.Add(token);
            _starts.Add(offset);
            offset += rune.Utf16SequenceLength;
        }
        _documentChars = to;
    }

    /// <summary>The experts at a request's cursor, read-only until disposed.</summary>
    public sealed class Lease(WorkspaceExperts owner) : IDisposable
    {
        private bool _released;
        public DocumentCache? Cache => owner.Cache;
        public MatchModel? Match => owner.Match;
        /// <summary>The tokens before the cursor (other documents first).</summary>
        public ReadOnlySpan<int> Recent => CollectionsMarshal.AsSpan(owner._tokens);

        public void Dispose()
        {
            if (_released) return;
            _released = true;
            Monitor.Exit(owner._use);
        }
    }
}
