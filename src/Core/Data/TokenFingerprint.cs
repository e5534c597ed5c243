using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace CharRnnLsp.Core.Data;

/// <summary>
/// Identifies a token stream: "v2-W-" and the first 16 hex digits of the SHA-256 of the tokens as stored, W bytes
/// each (1 or 2 for a corpus, so a whole Linux tree hashes 0.9 GB, not 3.7 GB of int32s). Fed in chunks: any
/// length works. <see cref="Legacy"/> is the form earlier versions saved (the int32s' hash, no prefix), so their
/// runs still resume.
/// </summary>
public sealed class TokenFingerprint(int bytesPerToken) : IDisposable
{
    private const string Prefix = "v2-";
    private const int ChunkTokens = 1 << 20;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Tokens as stored: <c>bytesPerToken</c> little-endian bytes each.</summary>
    public void Append(ReadOnlySpan<byte> storedTokens) => _hash.AppendData(storedTokens);

    public string Finish() => $"{Prefix}{bytesPerToken}-{Hex(_hash.GetHashAndReset())}";

    public static string Of(TokenStream tokens)
    {
        using var fingerprint = new TokenFingerprint(tokens.BytesPerToken);
        ForEachChunk(tokens, chunk =>
        {
            Span<byte> stored = MemoryMarshal.AsBytes(chunk);
            if (tokens.BytesPerToken < sizeof(int)) Narrow(chunk, stored, tokens.BytesPerToken);
            fingerprint.Append(stored[..(chunk.Length * tokens.BytesPerToken)]);
        });
        return fingerprint.Finish();
    }

    /// <summary>The fingerprint before version 2: SHA-256 of the tokens as little-endian int32s.</summary>
    public static string Legacy(TokenStream tokens)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        ForEachChunk(tokens, chunk => hash.AppendData(MemoryMarshal.AsBytes(chunk)));
        return Hex(hash.GetHashAndReset());
    }

    /// <summary>True when <paramref name="saved"/> (either form) names the same tokens as <paramref name="current"/>
    /// (this version's form of <paramref name="tokens"/>).</summary>
    public static bool Matches(string saved, string current, TokenStream tokens) =>
        saved.StartsWith(Prefix, StringComparison.Ordinal) ? saved == current : saved == Legacy(tokens);

    private static void ForEachChunk(TokenStream tokens, Action<Span<int>> use)
    {
        var chunk = new int[(int)Math.Min(ChunkTokens, Math.Max(tokens.Length, 1))];
        for (long start = 0; start < tokens.Length; start += chunk.Length)
        {
            var part = chunk.AsSpan(0, (int)Math.Min(chunk.Length, tokens.Length - start));
            tokens.Read(start, part);
            use(part);
        }
    }

    /// <summary>Rewrites int tokens in place as <paramref name="width"/>-byte little-endian values (front to back, so no
    /// value is overwritten before it is read).</summary>
    private static void Narrow(Span<int> tokens, Span<byte> bytes, int width)
    {
        for (int i = 0; i < tokens.Length; i++)
        {
            int token = tokens[i];
            bytes[i * width] = (byte)token;
            if (width == 2) bytes[i * width + 1] = (byte)(token >> 8);
        }
    }

    private static string Hex(byte[] hash) => Convert.ToHexString(hash)[..16].ToLowerInvariant();

    public void Dispose() => _hash.Dispose();
}
