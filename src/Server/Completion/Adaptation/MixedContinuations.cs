using System.Text;
using CharRnnLsp.Core.Adaptation;
using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Data;
using CharRnnLsp.Server.Model;

namespace CharRnnLsp.Server.Completion.Adaptation;

/// <summary>
/// Continuations from an LSTM cursor mixed with a document's experts (Core's PredictorBranch and
/// ContinuationDecoder): the first choice is decoded as asked (inline completion: a beam of 4 over the first
/// 32 characters, greedy after them, by default), the others are sampled, so a list of alternatives stays varied. The sampled
/// ones are stepped together (one read of a packed model's weights per character serves all of them). The experts and
/// the mixer are only read.
/// </summary>
public static class MixedContinuations
{
    public const int BeamWidth = 4;
    /// <summary>Characters a multi-line suggestion's beam looks ahead (Core's eval measured beams over 20).</summary>
    public const int BeamHorizon = 32;

    /// <param name="experts">the document's experts and mixer, or null for the LSTM alone.</param>
    /// <param name="maxChars">most code points per continuation.</param>
    /// <param name="stopAtLineEnd">end a continuation at its first line break (included).</param>
    public static IReadOnlyList<string> Decode(ILstmCursor cursor, Vocabulary vocabulary,
        (WorkspaceExperts.Lease Lease, Mixer Mixer)? experts, int count, int maxChars, bool stopAtLineEnd,
        DecodingMode first, float temperature, ulong seed, CancellationToken cancellation)
    {
        int v = vocabulary.Size;
        var set = experts is { } e
            ? new ExpertSet(v, e.Lease.Cache, e.Lease.Match, null, e.Mixer)
            : new ExpertSet(v, null, null, null, ExpertSet.DefaultMixer(v, 0f));
        var recent = experts is { } held ? held.Lease.Recent : [];
        var start = new PredictorBranch(cursor.Stepper, set, cursor.State, cursor.Logits, recent, set.Match?.Cursor);
        int stop = stopAtLineEnd ? vocabulary.IndexOf('\n') : -1;
        var results = new List<string>(count);
        cancellation.ThrowIfCancellationRequested();
        int sampledFrom = first == DecodingMode.Sample ? 0 : Math.Min(1, count);
        if (sampledFrom == 1)
            results.Add(Text(first == DecodingMode.Beam
                ? BeamThenGreedy(start, maxChars, temperature, stop)
                : ContinuationDecoder.Decode(start, new DecodingOptions(first, maxChars, temperature, BeamWidth, stop)), vocabulary));
        cancellation.ThrowIfCancellationRequested();
        // Choice i draws from seed + i, as when the choices were decoded one after another.
        var randoms = Enumerable.Range(sampledFrom, count - sampledFrom).Select(i => new DeterministicRandom(seed + (ulong)i)).ToArray();
        var sampled = ContinuationDecoder.SampleTogether(start, new DecodingOptions(DecodingMode.Sample, maxChars, temperature, BeamWidth, stop), randoms);
        results.AddRange(sampled.Select(tokens => Text(tokens, vocabulary)));
        return results;
    }

    // A beam costs BeamWidth model steps per character, so it looks BeamHorizon characters ahead (across line
    // breaks when multi-line: a line's end is not where a continuation's likelihood should be judged) and greedy
    // decoding extends its best hypothesis up to maxChars or the stop token; the user reads the first characters first.
    private static int[] BeamThenGreedy(PredictorBranch start, int maxChars, float temperature, int stop)
    {
        int[] head = ContinuationDecoder.Decode(start,
            new DecodingOptions(DecodingMode.Beam, Math.Min(maxChars, BeamHorizon), temperature, BeamWidth, stop));
        if (head.Length >= maxChars || head.Length == 0 || head[^1] == stop) return head;
        var rest = start.Clone();
        foreach (int token in head) rest.Advance(token);
        return [.. head, .. ContinuationDecoder.Decode(rest, new DecodingOptions(DecodingMode.Greedy, maxChars - head.Length, StopToken: stop))];
    }

    private static string Text(int[] tokens, Vocabulary vocabulary)
    {
        var text = new StringBuilder(tokens.Length);
        foreach (int token in tokens) text.Append(vocabulary.Decode(token));
        return text.ToString();
    }
}
