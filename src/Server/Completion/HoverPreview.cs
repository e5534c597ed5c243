using CharRnnLsp.Server.Model;

namespace CharRnnLsp.Server.Completion;

/// <summary>What a hover shows: the model's continuation from the cursor, and its surprise at the real line.</summary>
/// <param name="Imagined">Sampled text after the cursor (hoverLength code points).</param>
/// <param name="Model">The model that imagined it.</param>
/// <param name="BitsPerChar">Mean -log2 p over the scored code points (0 for an empty line).</param>
/// <param name="ScoredChars">Code points scored: the line, or on a long line the part around the cursor.</param>
/// <param name="WholeLine">False when only the part within <see cref="CompletionService.ScoredCharsEachSide"/> of
/// the cursor was scored.</param>
/// <param name="TrainedBitsPerChar">The same under the trained weights when the model is adapted to the document.</param>
public sealed record HoverPreview(string Imagined, ModelInfo Model, double BitsPerChar, int ScoredChars, bool WholeLine,
    double? TrainedBitsPerChar = null);
