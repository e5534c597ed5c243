using CharRnnLsp.Core.Adaptation;

namespace CharRnnLsp.Server.Completion.Adaptation;

/// <summary>Fixed knobs of the server's background adaptation (docs/server.md, "Adaptation"); tests shrink them.</summary>
/// <param name="Dynamic">dynamic evaluation options (Core defaults: segment 64, SGD, rate 0.3, decay 0.002).</param>
/// <param name="ChunkChars">characters read per unit of background work; edits and other documents wait at most one.</param>
/// <param name="MaxFirstPassChars">a newly opened document is read from its start up to this many characters.</param>
/// <param name="EditMargin">characters on each side of an edit that are read again.</param>
/// <param name="Quiet">an edited region is read once the document has had no edit for this long.</param>
/// <param name="PublishEveryChars">during a long read, new weights are published after this many characters.</param>
/// <param name="CpuShare">fraction of one core the worker uses at most: after each chunk it rests (1/share - 1) times
/// the chunk's duration.</param>
public sealed record AdaptationTuning(
    DynamicEvaluationOptions Dynamic,
    int ChunkChars = 2048,
    int MaxFirstPassChars = 256 * 1024,
    int EditMargin = 128,
    TimeSpan? Quiet = null,
    int PublishEveryChars = 32 * 1024,
    double CpuShare = 0.5)
{
    public static AdaptationTuning Default { get; } = new(new DynamicEvaluationOptions());

    public TimeSpan QuietTime => Quiet ?? TimeSpan.FromMilliseconds(500);
}
