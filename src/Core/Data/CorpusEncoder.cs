namespace CharRnnLsp.Core.Data;

/// <summary>Turns the joined UTF-8 text into the compact token file (1 or 2 bytes a token), a chunk at a time.</summary>
internal static class CorpusEncoder
{
    private const int ChunkBytes = 1 << 20;

    /// <summary>Writes the tokens of <paramref name="utf8"/> (read from its start) to <paramref name="tokens"/>;
    /// returns the token count and their <see cref="TokenFingerprint"/>.</summary>
    public static (long Count, string Fingerprint) Encode(Stream utf8, Vocabulary vocabulary, Stream tokens)
    {
        utf8.Position = 0;
        var input = new byte[ChunkBytes + 4];
        var encoded = new byte[input.Length * vocabulary.BytesPerToken]; // at most one token per byte
        using var fingerprint = new TokenFingerprint(vocabulary.BytesPerToken);
        long count = 0;
        int carried = 0; // bytes of a UTF-8 sequence cut by the previous chunk's end
        while (true)
        {
            int read = utf8.ReadAtLeast(input.AsSpan(carried, ChunkBytes), ChunkBytes, throwOnEndOfStream: false);
            int available = carried + read;
            if (available == 0) break;
            int complete = read == 0 ? available : CompleteSequences(input.AsSpan(0, available));
            int n = vocabulary.EncodeUtf8(input.AsSpan(0, complete), encoded);
            tokens.Write(encoded, 0, n * vocabulary.BytesPerToken);
            fingerprint.Append(encoded.AsSpan(0, n * vocabulary.BytesPerToken));
            count += n;
            carried = available - complete;
            input.AsSpan(complete, carried).CopyTo(input);
            if (read == 0) break;
        }
        return (count, fingerprint.Finish());
    }

    /// <summary>Length of the prefix that ends on a whole UTF-8 sequence.</summary>
    private static int CompleteSequences(ReadOnlySpan<byte> bytes)
    {
        int end = bytes.Length;
        int back = 0;
        while (back < 3 && end - back - 1 >= 0 && (bytes[end - back - 1] & 0xC0) == 0x80) back++;
        int lead = end - back - 1;
        if (lead < 0) return end;
        byte b = bytes[lead];
        int needed = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
        return needed == back + 1 ? end : lead;
    }
}
