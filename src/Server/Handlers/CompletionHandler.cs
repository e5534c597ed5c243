using System.Text.Json;
using CharRnnLsp.Server.Protocol;
using CharRnnLsp.Server.Settings;
using CharRnnLsp.Server.Suggestions;

namespace CharRnnLsp.Server.Handlers;

/// <summary>textDocument/completion: a few sampled continuations; the label is the first line, the documentation
/// shows the whole continuation.</summary>
public sealed class CompletionHandler(CursorLocator locator, SuggestionEngine engine, SettingsStore settings) : IRequestHandler
{
    private static readonly CompletionList Empty = new(IsIncomplete: true, []);

    public string Method => "textDocument/completion";

    public PreparedRequest Prepare(JsonElement? parameters)
    {
        var request = LspJson.Parse<CompletionParams>(parameters);
        var cursor = locator.Locate(request.TextDocument, request.Position);
        if (cursor is null) return PreparedRequest.Immediate(Empty);
        return new PreparedRequest(cancellation =>
        {
            var model = engine.ModelFor(cursor.Document, cancellation);
            if (model is null) return Empty;
            var s = settings.Current;
            var around = cursor.Surroundings(s.Multiline, s.MaxLength * 2);
            var items = engine.Continuations(cursor.Document, model, cursor.Offset, s.Choices, s.MaxLength, false, cancellation)
                .Select(raw => InlineSuggestionShaper.Shape(raw, around))
                .OfType<ShapedSuggestion>()
                .DistinctBy(x => x.InsertText)
                .Select((suggestion, rank) => ToItem(suggestion, rank, cursor, around, cursor.Document.LanguageId))
                .ToList();
            return new CompletionList(IsIncomplete: true, items);
        }, SupersessionKey: $"completion {request.TextDocument.Uri}");
    }

    private CompletionItem ToItem(ShapedSuggestion suggestion, int rank, DocumentCursor cursor, CursorSurroundings around, string languageId)
    {
        string firstLine = InlineSuggestionShaper.FirstLine(suggestion.InsertText);
        string label = firstLine.Trim().Length > 0 ? firstLine.Trim() : "↵ " + suggestion.InsertText.Trim().Split('\n')[0];
        // The client filters items against the word before the cursor; give it that word plus the suggestion.
        string word = TrailingWord(around.LinePrefix);
        var start = locator.RangeAfter(cursor, 0).Start;
        var range = new Range(new Protocol.Position(start.Line, start.Character - EncodedLength(word)),
            locator.RangeAfter(cursor, suggestion.ReplacedChars).End);
        return new CompletionItem(
            label,
            CompletionItemKind.Text,
            "charrnn",
            MarkupContent.Markdown(Markdown.Fenced(suggestion.InsertText, languageId)),
            new TextEdit(range, word + suggestion.InsertText),
            rank.ToString("D2"),
            word + suggestion.InsertText);
    }

    private int EncodedLength(string text) => locator.Encoding switch
    {
        Documents.PositionEncodingKind.Utf8 => System.Text.Encoding.UTF8.GetByteCount(text),
        Documents.PositionEncodingKind.Utf32 => text.EnumerateRunes().Count(),
        _ => text.Length,
    };

    private static string TrailingWord(string prefix)
    {
        int start = prefix.Length;
        while (start > 0 && (char.IsLetterOrDigit(prefix[start - 1]) || prefix[start - 1] == '_')) start--;
        return prefix[start..];
    }
}
