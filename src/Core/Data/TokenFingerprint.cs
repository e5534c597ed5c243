using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace CharRnnLsp.Core.Data;

/// <summary>
/// SHA-256 of the tokens as little-endian 32-bit integers (the first 16 hex digits), whatever their storage width,
/// so a fingerprint saved by earlier versions (which hashed an int[]) still matches. Fed in chunks: any length works.
/// </summary>
public sealed class TokenFingerprint : IDisposable
{
    private const int ChunkTokens = 1 << 20;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public void Append(ReadOnlySpan<int> tokens) => _hash.AppendData(MemoryMarshal.AsBytes(tokens));

    public string Finish() => Convert.ToHexString(_hash.GetHashAndReset())[..16].ToLowerInvariant();

    public static string Of(TokenStream tokens)
    {
        using var fingerprint = new TokenFingerprint();
        var chunk = new int[(int)Math.Min(ChunkTokens, Math.Max(tokens.Length, 1))];
        for (long start = 0; start < tokens.Length; start += chunk.Length)
        {
            var part = chunk.AsSpan(0, (int)Math.Min(chunk.Length, tokens.Length - start));
            tokens.Read(start, part);
            fingerprint.Append(part);
        }
        return fingerprint.Finish();
    }

    public static string Of(ReadOnlySpan<int> tokens)
    {
        using var fingerprint = new TokenFingerprint();
        fingerprint.Append(tokens);
        return fingerprint.Finish();
    }

    public void Dispose() => _hash.Dispose();
}
