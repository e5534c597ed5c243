using System.Text.Json.Serialization;

namespace CharRnnLsp.Server.Lsp.Protocol;

// Records mirror the LSP 3.18 specification names; JSON uses camelCase via LspJson.Options.

/// <summary>Zero-based line and character; "character" counts units of the negotiated position encoding.</summary>
public sealed record Position(int Line, int Character);

public sealed record Range(Position Start, Position End);

public sealed record TextDocumentIdentifier(string Uri);

public sealed record VersionedTextDocumentIdentifier(string Uri, int Version);

public sealed record TextDocumentItem(string Uri, string LanguageId, int Version, string Text);

public sealed record TextDocumentPositionParams(TextDocumentIdentifier TextDocument, Position Position);

public sealed record TextEdit(Range Range, string NewText);

public sealed record MarkupContent(string Kind, string Value)
{
    public static MarkupContent Markdown(string value) => new("markdown", value);
}

public static class MessageType
{
    public const int Error = 1, Warning = 2, Info = 3, Log = 4;
}

public sealed record LogMessageParams(int Type, string Message);

public sealed record ShowMessageParams(int Type, string Message);

public sealed record CancelParams(JsonRpcId Id);

/// <summary>A request id: the spec allows an integer or a string.</summary>
[JsonConverter(typeof(JsonRpcIdConverter))]
public readonly record struct JsonRpcId(long? Number, string? Text)
{
    public override string ToString() => Text ?? Number?.ToString() ?? "null";
}
