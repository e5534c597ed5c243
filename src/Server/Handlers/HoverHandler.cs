using System.Globalization;
using System.Text.Json;
using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Sampling;
using CharRnnLsp.Server.Protocol;
using CharRnnLsp.Server.Settings;
using CharRnnLsp.Server.Suggestions;

namespace CharRnnLsp.Server.Handlers;

/// <summary>textDocument/hover: what the model imagines comes after the hovered position, and how surprised it is
/// by the real hovered line (bits per character; lower means the model finds the line predictable).</summary>
public sealed class HoverHandler(CursorLocator locator, SuggestionEngine engine, SettingsStore settings) : IRequestHandler
{
    /// <summary>At most this much of the hovered line is scored on each side of the cursor (one model step a character).</summary>
    public const int ScoredCharsEachSide = 512;

    public string Method => "textDocument/hover";

    public PreparedRequest Prepare(JsonElement? parameters)
    {
        var request = LspJson.Parse<HoverParams>(parameters);
        var cursor = locator.Locate(request.TextDocument, request.Position);
        if (cursor is null) return PreparedRequest.Immediate(null);
        return new PreparedRequest(cancellation =>
        {
            var model = engine.ModelFor(cursor.Document, cancellation);
            if (model is null) return null;
            var s = settings.Current;
            var text = cursor.Document.Text;
            // The line scored: all of it, or on a long line (a minified file's) ScoredCharsEachSide around the cursor.
            int lineStart = cursor.LineStart, lineEnd = cursor.LineEnd;
            int scoreStart = Math.Max(lineStart, cursor.Offset - ScoredCharsEachSide);
            int scoreEnd = Math.Min(lineEnd, cursor.Offset + ScoredCharsEachSide);
            int split = Math.Min(cursor.Offset, scoreEnd); // the cursor, or the line's end when it sits past it
            string before = text.Slice(scoreStart, split - scoreStart), after = text.Slice(split, scoreEnd - split);
            // One resume serves both: the text is scored from scoreStart, and the cursor state is taken on the way.
            var atScoreStart = engine.CursorAt(cursor.Document, model, scoreStart, cancellation);
            double bitsBefore = atScoreStart.FeedScored(before);
            var atCursor = atScoreStart.Clone();
            if (cursor.Offset > split) atCursor.Feed(text.Slice(split, cursor.Offset - split), cancellation);
            int codePoints = before.EnumerateRunes().Count() + after.EnumerateRunes().Count();
            double bits = codePoints == 0 ? 0 : (bitsBefore + atScoreStart.FeedScored(after)) / codePoints;
            string scored = scoreStart == lineStart && scoreEnd == lineEnd ? "of this line" : "of this line around the cursor";

            ulong seed = s.Seed ?? (ulong)Random.Shared.NextInt64();
            string imagined = atCursor.Sample(s.HoverLength, new SamplingOptions(Temperature: s.Temperature),
                new DeterministicRandom(seed), null, cancellation);

            string confidence = codePoints == 0
                ? "empty line"
                : string.Create(CultureInfo.InvariantCulture, $"{bits:F2} bits/char over {codePoints} chars {scored}");
            string markdown = $"**charrnn imagines** ({model.Info.Description}):\n\n{Markdown.Fenced(imagined, cursor.Document.LanguageId)}\n\n" +
                              $"Confidence: {confidence}";
            return new Hover(MarkupContent.Markdown(markdown), locator.RangeAfter(cursor, 0));
        }, SupersessionKey: $"hover {request.TextDocument.Uri}");
    }
}
