using System.Reflection;
using System.Text.Json;
using CharRnnLsp.Server.Documents;
using CharRnnLsp.Server.Lsp.Protocol;
using CharRnnLsp.Server.Lsp;
using CharRnnLsp.Server.Settings;

namespace CharRnnLsp.Server.Handlers;

public sealed class InitializeHandler(ServerSession session, SettingsStore settings) : IRequestHandler
{
    public string Method => "initialize";

    public static readonly string[] Commands = [ExecuteCommandHandler.SampleAtPosition, ExecuteCommandHandler.ReloadModel];

    public PreparedRequest Prepare(JsonElement? parameters)
    {
        var request = LspJson.Parse<InitializeParams>(parameters);
        session.Encoding = PositionEncoding.Negotiate(request.Capabilities?.General?.PositionEncodings);
        session.WorkspaceRoot = WorkspaceRoot(request);
        session.ClientShowsModelStatus = ShowsModelStatus(request.Capabilities?.Experimental);
        settings.ApplyJson(request.InitializationOptions);
        var capabilities = new ServerCapabilities(
            PositionEncoding.ToWireName(session.Encoding),
            new TextDocumentSyncOptions(OpenClose: true, Change: TextDocumentSyncKind.Incremental),
            new CompletionOptions(settings.Current.TriggerCharacters, ResolveProvider: false),
            InlineCompletionProvider: true,
            HoverProvider: true,
            new ExecuteCommandOptions(Commands));
        string version = typeof(InitializeHandler).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()
            ?.InformationalVersion ?? "0";
        session.State = LifecycleState.Running;
        return PreparedRequest.Immediate(new InitializeResult(capabilities, new ServerInfo("charrnn-lsp", version)));
    }

    private static bool ShowsModelStatus(JsonElement? experimental) =>
        experimental is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty("charrnnModelStatus", out var flag)
        && flag.ValueKind == JsonValueKind.True;

    private static string? WorkspaceRoot(InitializeParams request)
    {
        string? uri = request.WorkspaceFolders is { Count: > 0 } folders ? folders[0].Uri : request.RootUri;
        if (uri is not null && Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile) return parsed.LocalPath;
        return request.RootPath;
    }
}
