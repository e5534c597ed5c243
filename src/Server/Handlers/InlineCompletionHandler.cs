using System.Text.Json;
using CharRnnLsp.Server.Completion;
using CharRnnLsp.Server.Lsp;
using CharRnnLsp.Server.Lsp.Protocol;
using CharRnnLsp.Server.Settings;

namespace CharRnnLsp.Server.Handlers;

/// <summary>textDocument/inlineCompletion (LSP 3.18): ghost text. An invoked trigger gets several choices,
/// an automatic one (every keystroke) a single one.</summary>
public sealed class InlineCompletionHandler(CursorLocator locator, CompletionService completions, SettingsStore settings) : IRequestHandler
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
            int choices = invoked ? settings.Current.Choices : 1;
            if (completions.Suggest(cursor.Document, cursor.Offset, choices, cancellation, settings.Current.InlineDecoding) is not { } suggestions)
                return Empty;
            return new InlineCompletionList(suggestions.Items
                .Select(x => new InlineCompletionItem(x.InsertText, locator.RangeAfter(cursor, x.ReplacedChars))).ToList());
        }, SupersessionKey: $"inline {request.TextDocument.Uri}");
    }
}
