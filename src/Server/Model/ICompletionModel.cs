using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Sampling;

namespace CharRnnLsp.Server.Model;

/// <summary>The seam between the server and a character model: everything the server asks of one.
/// The real implementation wraps CharModel + Vocabulary (CharModelCompletionModel).</summary>
public interface ICompletionModel
{
    /// <summary>Its shape and training figures; Info.Description is the short form for logs and hovers,
    /// e.g. "lstm 2x256, vocabulary 96".</summary>
    ModelInfo Info { get; }

    /// <summary>A cursor positioned right after the document separator U+001C.</summary>
    IModelCursor StartOfDocument();
}

/// <summary>A model state plus the prediction for the next character. Not thread-safe; clone to share.</summary>
public interface IModelCursor
{
    IModelCursor Clone();

    void Feed(ReadOnlySpan<char> text, CancellationToken cancellation = default);

    /// <summary>Feeds <paramref name="text"/> and returns the sum over its code points of -log2 p(code point).</summary>
    double FeedScored(ReadOnlySpan<char> text);

    /// <summary>Samples up to <paramref name="maxChars"/> code points, advancing the cursor; stops early when
    /// <paramref name="shouldStop"/> says the text so far is enough.</summary>
    string Sample(int maxChars, SamplingOptions options, DeterministicRandom random,
        Func<string, bool>? shouldStop, CancellationToken cancellation);
}
