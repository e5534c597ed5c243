using System.Buffers;
using System.Text;

namespace CharRnnLsp.Server.JsonRpc;

/// <summary>
/// Incremental parser of the LSP base protocol: header lines ("Content-Length: N"), an empty line, N bytes of body.
/// Bytes may arrive split anywhere. Garbage is skipped: a header block without a usable Content-Length is dropped
/// and parsing resumes at the next header, so one bad frame never stops the server.
/// </summary>
public sealed class MessageFramer(int maxBodyBytes = 64 * 1024 * 1024)
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] LengthName = "content-length:"u8.ToArray();
    private byte[] _buffer = new byte[64 * 1024];
    private int _start, _end;
    private int _pendingBodyLength = -1;

    /// <summary>Problems found while framing (one line each), for the log.</summary>
    public event Action<string>? Problem;

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

    /// <summary>Returns the next complete body, or null when more bytes are needed.</summary>
    public byte[]? TryReadBody()
    {
        while (true)
        {
            if (_pendingBodyLength < 0)
            {
                var live = _buffer.AsSpan(_start, _end - _start);
                int headerEnd = live.IndexOf(HeaderEnd);
                if (headerEnd < 0)
                {
                    DropGarbageWithoutHeaders(live);
                    return null;
                }
                int? length = ParseContentLength(live[..headerEnd]);
                _start += headerEnd + HeaderEnd.Length;
                if (length is null)
                {
                    Problem?.Invoke("dropped a header block without a valid Content-Length");
                    continue;
                }
                if (length > maxBodyBytes)
                {
                    Problem?.Invoke($"dropped a header announcing {length} bytes (limit {maxBodyBytes})");
                    continue;
                }
                _pendingBodyLength = length.Value;
            }
            if (_end - _start < _pendingBodyLength) return null;
            byte[] body = _buffer.AsSpan(_start, _pendingBodyLength).ToArray();
            _start += _pendingBodyLength;
            _pendingBodyLength = -1;
            if (_start == _end) _start = _end = 0;
            return body;
        }
    }

    /// <summary>Without a header terminator we keep only bytes that could still start a header, so garbage
    /// cannot grow the buffer without bound.</summary>
    private void DropGarbageWithoutHeaders(ReadOnlySpan<byte> live)
    {
        if (live.Length <= 16 * 1024) return;
        int keepFrom = IndexOfIgnoreCase(live, LengthName);
        int drop = keepFrom < 0 ? live.Length - LengthName.Length : keepFrom;
        if (drop <= 0) return;
        Problem?.Invoke($"skipped {drop} bytes of input that held no message header");
        _start += drop;
    }

    /// <summary>Finds "Content-Length:" anywhere in the header block, so garbage glued before it is tolerated.</summary>
    private static int? ParseContentLength(ReadOnlySpan<byte> headers)
    {
        int at = IndexOfIgnoreCase(headers, LengthName);
        if (at < 0) return null;
        var rest = headers[(at + LengthName.Length)..];
        int lineEnd = rest.IndexOf((byte)'\r');
        if (lineEnd >= 0) rest = rest[..lineEnd];
        string digits = Encoding.ASCII.GetString(rest).Trim();
        return int.TryParse(digits, out int n) && n >= 0 ? n : null;
    }

    private static int IndexOfIgnoreCase(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> lowerNeedle)
    {
        for (int i = 0; i + lowerNeedle.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < lowerNeedle.Length && (haystack[i + j] | 0x20) == (lowerNeedle[j] | 0x20)) j++;
            if (j == lowerNeedle.Length) return i;
        }
        return -1;
    }
}
