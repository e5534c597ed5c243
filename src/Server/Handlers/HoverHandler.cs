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
    public string Method => "textDocument/hover";

    public PreparedRequest Prepare(JsonElement? parameters)
    {
        var request = LspJson.Parse<HoverParams>(parameters);
        var cursor = locator.Locate(request.TextDocument, request.Position);
        if (cursor is null) return PreparedRequest.Immediate(null);
        return new PreparedRequest(cancellation =>
        {
            var model = engine.ModelFor(cursor.Document);
            if (model is null) return null;
            var s = settings.Current;
            var text = cursor.Document.Text;
            int lineStart = cursor.LineStart, lineEnd = cursor.LineEnd;
            string line = text.Slice(lineStart, lineEnd - lineStart);
            // One resume serves both: the line is scored from its start, and the cursor state is taken on the way.
            var atLineStart = engine.CursorAt(cursor.Document, model, lineStart, cancellation);
            int column = cursor.Offset - lineStart;
            double bitsBefore = atLineStart.FeedScored(line.AsSpan(0, Math.Min(column, line.Length)));
            var atCursor = atLineStart.Clone();
            if (column > line.Length) atCursor.Feed(text.Slice(lineStart + line.Length, column - line.Length), cancellation);
            int codePoints = line.EnumerateRunes().Count();
            double bits = codePoints == 0 ? 0
                : (bitsBefore + atLineStart.FeedScored(line.AsSpan(Math.Min(column, line.Length)))) / codePoints;

            ulong seed = s.Seed ?? (ulong)Random.Shared.NextInt64();
            string imagined = atCursor.Sample(s.HoverLength, new SamplingOptions(Temperature: s.Temperature),
                new DeterministicRandom(seed), null, cancellation);

            string confidence = codePoints == 0
                ? "empty line"
                : string.Create(CultureInfo.InvariantCulture, $"{bits:F2} bits/char over {codePoints} chars of this line");
            string markdown = $"**charrnn imagines** ({model.Description}):\n\n{Markdown.Fenced(imagined, cursor.Document.LanguageId)}\n\n" +
                              $"Confidence: {confidence}";
            return new Hover(MarkupContent.Markdown(markdown), locator.RangeAfter(cursor, 0));
        }, SupersessionKey: $"hover {request.TextDocument.Uri}");
    }
}
