using System.Text.Json;
using CharRnnLsp.Server.Protocol;
using CharRnnLsp.Server.Settings;
using CharRnnLsp.Server.Suggestions;

namespace CharRnnLsp.Server.Handlers;

/// <summary>textDocument/inlineCompletion (LSP 3.18): ghost text. An invoked trigger gets several choices,
/// an automatic one (every keystroke) a single one.</summary>
public sealed class InlineCompletionHandler(CursorLocator locator, SuggestionEngine engine, SettingsStore settings) : IRequestHandler
{
    private static readonly InlineCompletionList Empty = new([]);

    public string Method => "textDocument/inlineCompletion";

    public PreparedRequest Prepare(JsonElement? parameters)
    {
        var request = LspJson.Parse<InlineCompletionParams>(parameters);
        var cursor = locator.Locate(request.TextDocument, request.Position);
        if (cursor is null) return PreparedRequest.Immediate(Empty);
        bool invoked = request.Context?.TriggerKind == InlineCompletionTriggerKind.Invoked;
        return new PreparedRequest(cancellation =>
        {
            var model = engine.ModelFor(cursor.Document, cancellation);
            if (model is null) return Empty;
            var s = settings.Current;
            var around = cursor.Surroundings(s.Multiline, s.MaxLength * 2);
            // Mid-line only one line can be used, so sampling past the line break is wasted time.
            bool singleLine = around.LineSuffix.Trim().Length > 0 || !s.Multiline;
            var items = engine.Continuations(cursor.Document, model, cursor.Offset, invoked ? s.Choices : 1, s.MaxLength,
                    singleLine, cancellation)
                .Select(raw => InlineSuggestionShaper.Shape(raw, around))
                .OfType<ShapedSuggestion>()
                .DistinctBy(x => x.InsertText)
                .Select(x => new InlineCompletionItem(x.InsertText, locator.RangeAfter(cursor, x.ReplacedChars)))
                .ToList();
            return new InlineCompletionList(items);
        }, SupersessionKey: $"inline {request.TextDocument.Uri}");
    }
}
