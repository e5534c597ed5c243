using CharRnnLsp.Core.Adaptation;
using CharRnnLsp.Server.Completion.Adaptation;
using CharRnnLsp.Server.Completion.Shaping;
using CharRnnLsp.Server.Documents;
using CharRnnLsp.Server.Model;
using CharRnnLsp.Server.Settings;

namespace CharRnnLsp.Server.Completion;

/// <summary>
/// The one way from a document position to model output, for every feature: the context window that ends at the
/// cursor (<see cref="ContextWindow"/>) → the model state after it (<see cref="ModelStateCache"/>, resumed from the
/// nearest kept state) → continuations (<see cref="IContinuationDecoder"/>) → shaping
/// (<see cref="InlineSuggestionShaper"/>). Each method answers null or empty when no model serves the document.
/// The model is the document's adapted one once published (<see cref="AdaptationManager"/>); an LSTM's predictions
/// are mixed with the document's experts and decoded by <see cref="MixedContinuations"/>, other models by the decoder.
/// </summary>
public sealed class CompletionService(ModelProvider models, ModelStateCache states, IContinuationDecoder decoder,
    SettingsStore settings, AdaptationManager adaptation)
{
    /// <summary>At most this much of the hovered line is scored on each side of the cursor (one model step a character).</summary>
    public const int ScoredCharsEachSide = 512;

    /// <summary>Up to <paramref name="choices"/> shaped suggestions, the first decoded by <paramref name="first"/>,
    /// the others sampled. Mid-line (or without multiline) only the first line survives shaping, so decoding stops
    /// at the line break there.</summary>
    public SuggestionSet? Suggest(TextDocument document, int offset, int choices, CancellationToken cancellation,
        DecodingMode first = DecodingMode.Sample)
    {
        if (ModelFor(document, cancellation) is not { } model) return null;
        var s = settings.Current;
        var around = CursorSurroundingsReader.Read(document, offset, s.Multiline, s.MaxLength * 2);
        bool singleLine = around.LineSuffix.Trim().Length > 0 || !s.Multiline;
        var items = Decode(document, offset, model, choices, s.MaxLength, singleLine, first, cancellation)
            .Select(raw => InlineSuggestionShaper.Shape(raw, around))
            .OfType<ShapedSuggestion>()
            .DistinctBy(x => x.InsertText)
            .ToList();
        return new SuggestionSet(around, items);
    }

    /// <summary>One raw continuation of up to maxLength code points, unshaped ("" without a model).</summary>
    public string Continue(TextDocument document, int offset, CancellationToken cancellation)
    {
        if (ModelFor(document, cancellation) is not { } model) return "";
        return Decode(document, offset, model, 1, settings.Current.MaxLength, false, DecodingMode.Sample, cancellation)[0];
    }

    /// <summary>What the model imagines after <paramref name="offset"/> (hoverLength code points) and how surprised it
    /// is by the line there.</summary>
    public HoverPreview? Preview(TextDocument document, int offset, CancellationToken cancellation)
    {
        if (ModelFor(document, cancellation) is not { } model) return null;
        var text = document.Text;
        // The line scored: all of it, or on a long line (a minified file's) ScoredCharsEachSide around the cursor.
        int lineStart = text.LineStart(text.LineOf(offset)), lineEnd = text.LineContentEnd(lineStart);
        int scoreStart = Math.Max(lineStart, offset - ScoredCharsEachSide);
        int scoreEnd = Math.Min(lineEnd, offset + ScoredCharsEachSide);
        int split = Math.Min(offset, scoreEnd); // the cursor, or the line's end when it sits past it
        string before = text.Slice(scoreStart, split - scoreStart), after = text.Slice(split, scoreEnd - split);
        // One resume serves both: the text is scored from scoreStart, and the cursor state is taken on the way.
        var atScoreStart = PrimedAt(document, model, scoreStart, cancellation);
        double bitsBefore = atScoreStart.FeedScored(before);
        var atCursor = atScoreStart.Clone();
        if (offset > split) atCursor.Feed(text.Slice(split, offset - split), cancellation);
        int codePoints = before.EnumerateRunes().Count() + after.EnumerateRunes().Count();
        double bits = codePoints == 0 ? 0 : (bitsBefore + atScoreStart.FeedScored(after)) / codePoints;
        string imagined = decoder.Decode(atCursor, 1, settings.Current.HoverLength, false, cancellation)[0];
        // With adapted weights, the trained weights' figure for the same chars shows what adaptation changed.
        double? trainedBits = codePoints > 0 && models.CurrentOrAwaitLoad(cancellation) is { } served && !ReferenceEquals(served.Model, model.Model)
            ? TrainedScore.Bits(served.Model, text, scoreStart, before + after, cancellation) / codePoints
            : null;
        return new HoverPreview(imagined, model.Model.Info, bits, codePoints, scoreStart == lineStart && scoreEnd == lineEnd, trainedBits);
    }

    private IReadOnlyList<string> Decode(TextDocument document, int offset, LoadedModel model, int count, int maxChars,
        bool stopAtLineEnd, DecodingMode first, CancellationToken cancellation)
    {
        var primed = PrimedAt(document, model, offset, cancellation);
        if (model.Model is not ILstmCompletionModel lstm || primed is not ILstmCursor cursor)
            return decoder.Decode(primed, count, maxChars, stopAtLineEnd, cancellation);
        var s = settings.Current;
        var experts = adaptation.ExpertsFor(document, offset, model);
        try
        {
            return MixedContinuations.Decode(cursor, lstm.Vocabulary, experts, count, maxChars, stopAtLineEnd, first,
                s.Temperature, s.Seed ?? (ulong)Random.Shared.NextInt64(), cancellation);
        }
        finally
        {
            experts?.Lease.Dispose();
        }
    }

    /// <summary>Null when there is no model (after a bounded wait for one being loaded) or the document's language is
    /// disabled.</summary>
    private LoadedModel? ModelFor(TextDocument document, CancellationToken cancellation)
    {
        if (settings.Current.DisabledLanguages.Contains(document.LanguageId, StringComparer.OrdinalIgnoreCase)) return null;
        return models.CurrentOrAwaitLoad(cancellation) is { } served ? adaptation.ModelFor(document, served) : null;
    }

    /// <summary>A cursor that has read the context window ending at <paramref name="offset"/>.</summary>
    private IModelCursor PrimedAt(TextDocument document, LoadedModel model, int offset, CancellationToken cancellation)
    {
        int contextChars = settings.Current.ContextChars;
        int start = ContextWindow.StartFor(offset, contextChars);
        var cursor = states.CursorAt(document, model, start, offset, cancellation);
        // Near the point where the window start moves, the first request past it would read contextChars characters
        // from scratch (a latency spike once per window); reading the next window in the background beforehand turns
        // that into a normal resume.
        int nextStart = ContextWindow.StartFor(offset + contextChars / 2, contextChars);
        if (nextStart != start) states.WarmInBackground(document, model, nextStart, offset);
        return cursor;
    }
}
