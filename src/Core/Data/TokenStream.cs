namespace CharRnnLsp.Core.Data;

/// <summary>
/// A corpus as symbol indices, addressed with 64-bit offsets so that corpora past 2^31 characters work.
/// Readers copy the slice they need (a window, a validation stream) instead of holding the whole corpus as int[].
/// </summary>
public abstract class TokenStream : IDisposable
{
    public abstract long Length { get; }

    /// <summary>Bytes per token in storage: 1 while the vocabulary fits 256 symbols, else 2 (4 for in-memory int arrays).</summary>
    public abstract int BytesPerToken { get; }

    /// <summary>Copies tokens [start, start + destination.Length) into <paramref name="destination"/>.</summary>
    public void Read(long start, Span<int> destination)
    {
        if (start < 0 || destination.Length > Length - start)
            throw new ArgumentOutOfRangeException(nameof(start), $"tokens [{start}, {start + destination.Length}) are outside the {Length} tokens");
        ReadUnchecked(start, destination);
    }

    /// <summary>Tokens [start, start + count) as a new array: for the short slices eval and vis look at.</summary>
    public int[] ToArray(long start, int count)
    {
        var tokens = new int[count];
        Read(start, tokens);
        return tokens;
    }

    protected abstract void ReadUnchecked(long start, Span<int> destination);

    public virtual void Dispose() => GC.SuppressFinalize(this);
}

/// <summary>Tokens held in an int array: small streams built in memory (tests, a few lines of text).</summary>
public sealed class ArrayTokenStream(int[] tokens) : TokenStream
{
    public override long Length => tokens.Length;
    public override int BytesPerToken => sizeof(int);

    protected override void ReadUnchecked(long start, Span<int> destination) =>
        tokens.AsSpan((int)start, destination.Length).CopyTo(destination);
}
