using CharRnnLsp.Server.Model;

namespace CharRnnLsp.Server.Completion;

/// <summary>
/// How continuations are drawn from a model state primed at the cursor: the decoding step of the completion
/// pipeline, replaceable on its own (greedy or beam search, or a predictor that mixes in other experts, fit here
/// without touching the context window, the state cache or the shaping). Today: <see cref="SamplingDecoder"/>.
/// </summary>
public interface IContinuationDecoder
{
    /// <summary><paramref name="count"/> continuations of at most <paramref name="maxChars"/> code points, each stopped
    /// after its first line break when <paramref name="stopAtLineEnd"/>. May consume <paramref name="primed"/>.</summary>
    IReadOnlyList<string> Decode(IModelCursor primed, int count, int maxChars, bool stopAtLineEnd, CancellationToken cancellation);
}
