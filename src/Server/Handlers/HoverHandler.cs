using System.Globalization;
using System.Text.Json;
using CharRnnLsp.Server.Completion;
using CharRnnLsp.Server.Lsp;
using CharRnnLsp.Server.Lsp.Protocol;

namespace CharRnnLsp.Server.Handlers;

/// <summary>textDocument/hover: what the model imagines comes after the hovered position, and how surprised it is
/// by the real hovered line (bits per character; lower means the model finds the line predictable).</summary>
public sealed class HoverHandler(CursorLocator locator, CompletionService completions) : IRequestHandler
{
    public string Method => "textDocument/hover";

    public PreparedRequest Prepare(JsonElement? parameters)
    {
        var request = LspJson.Parse<HoverParams>(parameters);
        var cursor = locator.Locate(request.TextDocument, request.Position);
        if (cursor is null) return PreparedRequest.Immediate(null);
        return new PreparedRequest(cancellation =>
        {
            if (completions.Preview(cursor.Document, cursor.Offset, cancellation) is not { } preview) return null;
            string scored = preview.WholeLine ? "of this line" : "of this line around the cursor";
            string confidence = preview.ScoredChars == 0
                ? "empty line"
                : string.Create(CultureInfo.InvariantCulture, $"{preview.BitsPerChar:F2} bits/char over {preview.ScoredChars} chars {scored}");
            if (preview.TrainedBitsPerChar is { } trained)
                confidence += string.Create(CultureInfo.InvariantCulture, $" (adapted to this document; {trained:F2} before adaptation)");
            string markdown = $"**charrnn imagines** ({preview.Model.Description}):\n\n" +
                              $"{Markdown.Fenced(preview.Imagined, cursor.Document.LanguageId)}\n\nConfidence: {confidence}";
            return new Hover(MarkupContent.Markdown(markdown), locator.RangeAfter(cursor, 0));
        }, SupersessionKey: $"hover {request.TextDocument.Uri}");
    }
}
