using System.Text.Json;

namespace CharRnnLsp.Server.Lsp.Protocol;

public sealed record InitializeParams(
    int? ProcessId = null,
    string? RootUri = null,
    string? RootPath = null,
    IReadOnlyList<WorkspaceFolder>? WorkspaceFolders = null,
    JsonElement? InitializationOptions = null,
    ClientCapabilities? Capabilities = null);

public sealed record WorkspaceFolder(string Uri, string? Name = null);

public sealed record ClientCapabilities(GeneralClientCapabilities? General = null, JsonElement? Experimental = null);

public sealed record GeneralClientCapabilities(IReadOnlyList<string>? PositionEncodings = null);

public sealed record InitializeResult(ServerCapabilities Capabilities, ServerInfo ServerInfo);

public sealed record ServerInfo(string Name, string Version);

public sealed record ServerCapabilities(
    string PositionEncoding,
    TextDocumentSyncOptions TextDocumentSync,
    CompletionOptions CompletionProvider,
    bool InlineCompletionProvider,
    bool HoverProvider,
    ExecuteCommandOptions ExecuteCommandProvider);

public static class TextDocumentSyncKind
{
    public const int None = 0, Full = 1, Incremental = 2;
}

public sealed record TextDocumentSyncOptions(bool OpenClose, int Change);

public sealed record CompletionOptions(IReadOnlyList<string> TriggerCharacters, bool ResolveProvider);

public sealed record ExecuteCommandOptions(IReadOnlyList<string> Commands);
