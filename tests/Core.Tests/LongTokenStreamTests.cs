using System.Runtime.InteropServices;
using System.Security.Cryptography;
using CharRnnLsp.Core.Data;
using Xunit;

namespace CharRnnLsp.Core.Tests;

/// <summary>Corpora past 2^31 characters: offsets, splits, batching and fingerprints in 64-bit arithmetic, on streams
/// that are generated or sparse (nothing of that size is held in memory or written to disk).</summary>
public class LongTokenStreamTests
{
    private const long PastInt = (1L << 31) + 12_345;

    /// <summary>Token i is a function of i, so any slice can be checked without storing the stream.</summary>
    private sealed class GeneratedTokenStream(long length, int bytesPerToken = 1) : TokenStream
    {
        public static int TokenAt(long i) => (int)((i ^ (i >> 31) ^ (i >> 17)) % 251);
        public override long Length => length;
        public override int BytesPerToken => bytesPerToken;
        protected override void ReadUnchecked(long start, Span<int> destination)
        {
            for (int k = 0; k < destination.Length; k++) destination[k] = TokenAt(start + k);
        }
    }

    [Fact]
    public void Split_AndBatches_PastTwoToThe31_ReadTheRightTokens()
    {
        const long length = (1L << 31) / 10 * 11; // the whole last block lies past 2^31
        var stream = new GeneratedTokenStream(length);
        long[] documentEnds = [.. Enumerable.Range(1, 4000).Select(i => i * (length / 4000))];
        var split = DataSplit.Create(stream, documentEnds, 0.9, 0.05);
        Assert.Equal(DataSplit.MaxBlocks, split.Validation.Ranges.Count);
        Assert.Equal(length, split.Train.Length + split.Validation.Length + split.Test.Length);
        var lastTest = split.Test.Ranges[^1];
        Assert.True(lastTest.Start > int.MaxValue, $"the last test slice starts at {lastTest.Start}");
        Assert.Contains(lastTest.Start, documentEnds); // held-out slices are whole documents

        var batcher = new Batcher(split.Test, batchSize: 4, seqLength: 16);
        long streamLength = split.Test.Length / 4;
        batcher.Position = batcher.WindowsPerEpoch - 1;
        var inputs = new int[64];
        var targets = new int[64];
        Assert.True(batcher.Next(inputs, targets));
        for (int b = 0; b < 4; b++)
        for (int t = 0; t < 16; t++)
        {
            long joined = b * streamLength + (batcher.WindowsPerEpoch - 1) * 16 + t;
            Assert.Equal(GeneratedTokenStream.TokenAt(StreamOffset(split.Test, joined)), inputs[t * 4 + b]);
            Assert.Equal(GeneratedTokenStream.TokenAt(StreamOffset(split.Test, joined + 1)), targets[t * 4 + b]);
        }
    }

    [Fact]
    public void MappedStream_OfASparseFile_ReadsPastTwoToThe31()
    {
        string path = Path.Combine(Path.GetTempPath(), $"charrnn-sparse-{Guid.NewGuid():N}");
        byte[] marker = [.. Enumerable.Range(1, 200).Select(i => (byte)i)];
        try
        {
            using (var file = new FileStream(path, FileMode.CreateNew))
            {
                file.SetLength(PastInt + 1000); // sparse: no blocks are written but the marker's
                file.Position = PastInt;
                file.Write(marker);
            }
            using var stream = new MappedTokenStream(path, 0, PastInt + 1000, bytesPerToken: 1);
            Assert.Equal(marker.Select(b => (int)b), stream.ToArray(PastInt, 200));
            Assert.Equal(0, stream.ToArray(PastInt - 1, 1)[0]);

            var batcher = new Batcher(stream, new TokenRange(PastInt, 200), batchSize: 2, seqLength: 10);
            var inputs = new int[20];
            var targets = new int[20];
            batcher.Next(inputs, targets);
            Assert.Equal([1, 101, 2, 102], inputs[..4]);
            Assert.Equal([2, 102, 3, 103], targets[..4]);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Fingerprint_OfAStreamOverTwoGigabytes_IsComputedInChunks_AndMatchesOneHash()
    {
        // 2^30 + 7 tokens of 2 bytes: 2 GiB + 14 bytes, more than one span can address.
        long length = (1L << 30) + 7;
        var stream = new GeneratedTokenStream(length, bytesPerToken: 2);
        using var expected = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunk = new byte[3 << 20]; // a different chunk size from the fingerprint's own, split mid-token
        long bytes = length * 2;
        for (long start = 0; start < bytes; start += chunk.Length)
        {
            var part = chunk.AsSpan(0, (int)Math.Min(chunk.Length, bytes - start));
            for (int k = 0; k < part.Length; k++)
            {
                long at = start + k;
                part[k] = (byte)(GeneratedTokenStream.TokenAt(at / 2) >> (int)(8 * (at % 2)));
            }
            expected.AppendData(part);
        }
        string fingerprint = TokenFingerprint.Of(stream);
        Assert.Equal("v2-2-" + Convert.ToHexString(expected.GetHashAndReset())[..16].ToLowerInvariant(), fingerprint);
        Assert.True(TokenFingerprint.Matches(fingerprint, fingerprint, stream));
    }

    [Fact]
    public void LegacyFingerprints_OfEarlierVersions_StillMatch()
    {
        int[] tokens = [.. Enumerable.Range(0, 1000).Select(i => i * 7 % 90)];
        var stream = new ArrayTokenStream(tokens);
        string legacy = Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(tokens.AsSpan())))[..16].ToLowerInvariant();
        Assert.True(TokenFingerprint.Matches(legacy, TokenFingerprint.Of(stream), stream));
        tokens[500]++;
        Assert.False(TokenFingerprint.Matches(legacy, TokenFingerprint.Of(stream), stream));
    }

    private static long StreamOffset(TokenSlices slices, long joined)
    {
        foreach (var range in slices.Ranges)
        {
            if (joined < range.Length) return range.Start + joined;
            joined -= range.Length;
        }
        throw new ArgumentOutOfRangeException(nameof(joined));
    }
}
