using System.Text;

namespace CharRnnLsp.Server.Lsp;

/// <summary>Byte-level reading of LSP base-protocol headers, lenient where clients and hand-made tests are sloppy:
/// lines may end in a bare "\n", and garbage may be glued before "Content-Length:".</summary>
internal static class HeaderSyntax
{
    private static readonly byte[] LengthName = "content-length:"u8.ToArray();

    public static int LengthNameSize => LengthName.Length;

    /// <summary>The header block's length and where its body starts (after the first empty line), or null while no
    /// empty line has arrived.</summary>
    public static (int HeaderLength, int BodyStart)? FindHeaderEnd(ReadOnlySpan<byte> bytes)
    {
        for (int from = 0; ;)
        {
            int newline = bytes[from..].IndexOf((byte)'\n');
            if (newline < 0) return null;
            int at = from + newline;
            if (at + 1 < bytes.Length && bytes[at + 1] == '\n') return (HeaderStart(bytes, at), at + 2);
            if (at + 2 < bytes.Length && bytes[at + 1] == '\r' && bytes[at + 2] == '\n') return (HeaderStart(bytes, at), at + 3);
            from = at + 1;
        }
    }

    /// <summary>The header block without its final line break.</summary>
    private static int HeaderStart(ReadOnlySpan<byte> bytes, int newlineAt) =>
        newlineAt > 0 && bytes[newlineAt - 1] == '\r' ? newlineAt - 1 : newlineAt;

    /// <summary>The value of the last Content-Length line in a header block (the one nearest the body it announces,
    /// when a broken frame left an earlier header in the same block); null when there is no usable one.</summary>
    public static int? ParseContentLength(ReadOnlySpan<byte> headers)
    {
        int at = LastIndexOfName(headers);
        if (at < 0) return null;
        var rest = headers[(at + LengthName.Length)..];
        int lineEnd = rest.IndexOfAny((byte)'\r', (byte)'\n');
        if (lineEnd >= 0) rest = rest[..lineEnd];
        string digits = Encoding.ASCII.GetString(rest).Trim();
        return int.TryParse(digits, out int n) && n >= 0 ? n : null;
    }

    /// <summary>
    /// Where a complete "Content-Length: N" line starts inside <paramref name="body"/>, or -1. Valid JSON cannot hold
    /// one (outside a string the name is no JSON token; inside, a raw line break is not allowed), so finding one
    /// proves the body is cut short and the next message starts there. <paramref name="undecided"/> is the offset
    /// from which such a line might still be completing (the length when none can be), for resuming the search
    /// when more bytes arrive. Valid JSON never ends inside one, so a whole valid body is always decided.
    /// </summary>
    public static int FindEmbeddedHeader(ReadOnlySpan<byte> body, out int undecided)
    {
        for (int from = 0; ;)
        {
            int at = IndexOfName(body[from..]);
            if (at < 0)
            {
                undecided = PartialNameAtEnd(body, from);
                return -1;
            }
            at += from;
            int i = at + LengthName.Length;
            while (i < body.Length && body[i] is (byte)' ' or (byte)'\t') i++;
            int digitsStart = i;
            while (i < body.Length && char.IsAsciiDigit((char)body[i])) i++;
            bool digits = i > digitsStart;
            while (i < body.Length && body[i] is (byte)' ' or (byte)'\t') i++;
            if (i == body.Length)
            {
                undecided = at;
                return -1;
            }
            if (digits && body[i] is (byte)'\r' or (byte)'\n')
            {
                undecided = at;
                return at;
            }
            from = at + 1;
        }
    }

    /// <summary>Where the tail of <paramref name="bytes"/> (from <paramref name="from"/> on) is the beginning of the
    /// name "Content-Length:"; the length when it is not.</summary>
    private static int PartialNameAtEnd(ReadOnlySpan<byte> bytes, int from)
    {
        for (int p = Math.Max(from, bytes.Length - LengthName.Length + 1); p < bytes.Length; p++)
        {
            int j = 0;
            while (p + j < bytes.Length && (bytes[p + j] | 0x20) == LengthName[j]) j++;
            if (p + j == bytes.Length) return p;
        }
        return bytes.Length;
    }

    public static int IndexOfName(ReadOnlySpan<byte> haystack)
    {
        for (int from = 0; ;)
        {
            // Jump to candidate first letters with the vectorized search; the full compare is rare.
            int candidate = haystack[from..].IndexOfAny((byte)'c', (byte)'C');
            if (candidate < 0) return -1;
            int at = from + candidate;
            if (at + LengthName.Length > haystack.Length) return -1;
            if (MatchesName(haystack[at..])) return at;
            from = at + 1;
        }
    }

    private static int LastIndexOfName(ReadOnlySpan<byte> haystack)
    {
        for (int i = haystack.Length - LengthName.Length; i >= 0; i--)
            if ((haystack[i] | 0x20) == 'c' && MatchesName(haystack[i..])) return i;
        return -1;
    }

    private static bool MatchesName(ReadOnlySpan<byte> at)
    {
        for (int j = 0; j < LengthName.Length; j++)
            if ((at[j] | 0x20) != LengthName[j]) return false;
        return true;
    }
}
