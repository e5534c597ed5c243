namespace CharRnnLsp.Core.Data;

/// <summary>How a corpus is read and encoded (what is read is <see cref="CorpusOptions"/>).</summary>
public sealed record CorpusReading
{
    /// <summary>Encode with this vocabulary (a checkpoint's); null builds one from the corpus.</summary>
    public Vocabulary? Vocabulary { get; init; }
    /// <summary>Symbols kept when the vocabulary is built: the most frequent code points, plus unknown.</summary>
    public int VocabularySize { get; init; } = 256;
    /// <summary>Where the encoded corpus is cached between runs; null reads and encodes every time, in a temp file.</summary>
    public string? CacheDirectory { get; init; }
    public IProgress<CorpusReadingProgress>? Progress { get; init; }
}
