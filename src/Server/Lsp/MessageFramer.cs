using System.Numerics;

namespace CharRnnLsp.Server.Lsp;

/// <summary>
/// Incremental parser of the LSP base protocol: header lines ("Content-Length: N"), an empty line, N bytes of body.
/// Bytes may arrive split anywhere. Garbage is skipped: a header block without a usable Content-Length is dropped
/// and parsing resumes at the next header, so one bad frame never stops the server. A body that holds the start of
/// another message (its own was shorter than announced) ends there, so it cannot swallow the next request.
/// </summary>
public sealed class MessageFramer(int maxBodyBytes = 64 * 1024 * 1024)
{
    private const int InitialCapacity = 64 * 1024;
    /// <summary>Past this, a buffer left mostly empty by a big message is given back rather than kept for the
    /// life of the process.</summary>
    private const int ReleaseAbove = 1024 * 1024;
    /// <summary>Longest "Content-Length: N" line looked for past a body's announced end.</summary>
    private const int HeaderLookahead = 64;

    private byte[] _buffer = new byte[InitialCapacity];
    private int _start, _end;
    private int _pendingBodyLength = -1;
    /// <summary>Bytes of the pending body already searched for an embedded header.</summary>
    private int _bodySearched;

    /// <summary>Problems found while framing (one line each), for the log.</summary>
    public event Action<string>? Problem;

    /// <summary>Bytes held for framing, used or not.</summary>
    public int Capacity => _buffer.Length;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (_end + bytes.Length > _buffer.Length)
        {
            int live = _end - _start;
            if (live + bytes.Length > _buffer.Length)
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, live + bytes.Length));
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, live);
            _start = 0;
            _end = live;
        }
        bytes.CopyTo(_buffer.AsSpan(_end));
        _end += bytes.Length;
    }

    /// <summary>Returns the next complete body (or the part of a cut-short one before the next message), or null
    /// when more bytes are needed.</summary>
    public byte[]? TryReadBody()
    {
        while (true)
        {
            if (_pendingBodyLength < 0 && !TryReadHeader()) return null;
            if (_pendingBodyLength < 0) continue;
            int end = PendingBodyEnd();
            if (end < 0) return null;
            if (end < _pendingBodyLength)
                Problem?.Invoke($"a body ended after {end} of its announced {_pendingBodyLength} bytes, where the next message starts");
            return TakeBody(end);
        }
    }

    /// <summary>Consumes one header block; false when no complete one has arrived. Leaves _pendingBodyLength
    /// negative when the block was dropped.</summary>
    private bool TryReadHeader()
    {
        var live = _buffer.AsSpan(_start, _end - _start);
        if (HeaderSyntax.FindHeaderEnd(live) is not var (headerLength, bodyStart))
        {
            DropGarbageWithoutHeaders(live);
            return false;
        }
        int? length = HeaderSyntax.ParseContentLength(live[..headerLength]);
        _start += bodyStart;
        if (length is null)
            Problem?.Invoke("dropped a header block without a valid Content-Length");
        else if (length > maxBodyBytes)
            Problem?.Invoke($"dropped a header announcing {length} bytes (limit {maxBodyBytes})");
        else
            (_pendingBodyLength, _bodySearched) = (length.Value, 0);
        return true;
    }

    /// <summary>Where the pending body ends: its announced length, or earlier where another message starts inside
    /// it (the next header may also straddle the announced end, so the search looks a header line past it);
    /// -1 while more bytes are needed to tell.</summary>
    private int PendingBodyEnd()
    {
        int available = _end - _start;
        int limit = Math.Min(available, _pendingBodyLength + HeaderLookahead);
        if (limit > _bodySearched)
        {
            int found = HeaderSyntax.FindEmbeddedHeader(_buffer.AsSpan(_start + _bodySearched, limit - _bodySearched), out int undecided);
            if (found >= 0 && _bodySearched + found < _pendingBodyLength) return _bodySearched + found;
            _bodySearched = found >= 0 ? Math.Max(_bodySearched + found, _pendingBodyLength) : _bodySearched + undecided;
        }
        if (available < _pendingBodyLength) return -1;
        // All announced bytes are here, but their tail may begin a header that the next bytes complete.
        bool tailUndecided = _bodySearched < _pendingBodyLength && limit < _pendingBodyLength + HeaderLookahead;
        return tailUndecided ? -1 : _pendingBodyLength;
    }

    private byte[] TakeBody(int length)
    {
        byte[] body = _buffer.AsSpan(_start, length).ToArray();
        _start += length;
        _pendingBodyLength = -1;
        if (_start == _end) _start = _end = 0;
        ReleaseIfMostlyEmpty();
        return body;
    }

    /// <summary>One 60 MB message would otherwise leave a 128 MiB buffer behind for good.</summary>
    private void ReleaseIfMostlyEmpty()
    {
        int live = _end - _start;
        if (_buffer.Length <= ReleaseAbove || live > _buffer.Length / 4) return;
        var smaller = new byte[Math.Max(InitialCapacity, (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, live * 2)))];
        _buffer.AsSpan(_start, live).CopyTo(smaller);
        (_buffer, _start, _end) = (smaller, 0, live);
    }

    /// <summary>Without a header terminator we keep only bytes that could still start a header, so garbage
    /// cannot grow the buffer without bound.</summary>
    private void DropGarbageWithoutHeaders(ReadOnlySpan<byte> live)
    {
        if (live.Length <= 16 * 1024) return;
        int keepFrom = HeaderSyntax.IndexOfName(live);
        int drop = keepFrom < 0 ? live.Length - HeaderSyntax.LengthNameSize : keepFrom;
        if (drop <= 0) return;
        Problem?.Invoke($"skipped {drop} bytes of input that held no message header");
        _start += drop;
    }
}
