using System.Text.Json;

namespace CharRnnLsp.Server.Lsp.Protocol;

public sealed record CompletionParams(TextDocumentIdentifier TextDocument, Position Position, CompletionContext? Context = null);

public sealed record CompletionContext(int TriggerKind, string? TriggerCharacter = null);

public sealed record CompletionList(bool IsIncomplete, IReadOnlyList<CompletionItem> Items);

public static class CompletionItemKind
{
    public const int Text = 1, Snippet = 15;
}

public sealed record CompletionItem(
    string Label,
    int Kind,
    string Detail,
    MarkupContent Documentation,
    TextEdit TextEdit,
    string SortText,
    string FilterText);

public sealed record InlineCompletionParams(TextDocumentIdentifier TextDocument, Position Position, InlineCompletionContext? Context = null);

public static class InlineCompletionTriggerKind
{
    public const int Invoked = 1, Automatic = 2;
}

public sealed record InlineCompletionContext(int TriggerKind);

public sealed record InlineCompletionList(IReadOnlyList<InlineCompletionItem> Items);

public sealed record InlineCompletionItem(string InsertText, Range Range);

public sealed record HoverParams(TextDocumentIdentifier TextDocument, Position Position);

public sealed record Hover(MarkupContent Contents, Range Range);

public sealed record ExecuteCommandParams(string Command, IReadOnlyList<JsonElement>? Arguments = null);

public sealed record DidChangeConfigurationParams(JsonElement Settings);
