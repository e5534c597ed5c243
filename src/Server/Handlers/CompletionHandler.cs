using System.Text.Json;
using CharRnnLsp.Server.Completion;
using CharRnnLsp.Server.Lsp;
using CharRnnLsp.Server.Lsp.Protocol;
using CharRnnLsp.Server.Settings;

namespace CharRnnLsp.Server.Handlers;

/// <summary>textDocument/completion: a few sampled continuations as completion items (<see cref="CompletionItems"/>).</summary>
public sealed class CompletionHandler(CursorLocator locator, CompletionService completions, SettingsStore settings) : IRequestHandler
{
    private static readonly CompletionList Empty = new(IsIncomplete: true, []);

    public string Method => "textDocument/completion";

    public PreparedRequest Prepare(JsonElement? parameters)
    {
        var request = LspJson.Parse<CompletionParams>(parameters);
        var cursor = locator.Locate(request.TextDocument, request.Position);
        if (cursor is null) return PreparedRequest.Immediate(Empty);
        return new PreparedRequest(cancellation =>
            completions.Suggest(cursor.Document, cursor.Offset, settings.Current.Choices, cancellation) is { } suggestions
                ? new CompletionList(IsIncomplete: true, CompletionItems.From(suggestions, cursor, locator))
                : Empty,
            SupersessionKey: $"completion {request.TextDocument.Uri}");
    }
}
