using System.Text.Json;
using CharRnnLsp.Server.Completion;
using CharRnnLsp.Server.Lsp;
using CharRnnLsp.Server.Lsp.Protocol;
using CharRnnLsp.Server.Model;

namespace CharRnnLsp.Server.Handlers;

/// <summary>workspace/executeCommand: charrnn.sampleAtPosition returns raw sampled text after a position
/// (arguments: a TextDocumentPositionParams object, or uri and position); charrnn.reloadModel reloads the checkpoint.</summary>
public sealed class ExecuteCommandHandler(CursorLocator locator, CompletionService completions, ModelProvider models)
    : IRequestHandler
{
    public const string SampleAtPosition = "charrnn.sampleAtPosition";
    public const string ReloadModel = "charrnn.reloadModel";

    public string Method => "workspace/executeCommand";

    public PreparedRequest Prepare(JsonElement? parameters)
    {
        var request = LspJson.Parse<ExecuteCommandParams>(parameters);
        switch (request.Command)
        {
            case ReloadModel:
                return new PreparedRequest(models.Reload);
            case SampleAtPosition:
                var where = ParseTarget(request.Arguments ?? []);
                var cursor = locator.Locate(where.TextDocument, where.Position)
                             ?? throw new RpcException(ErrorCodes.InvalidParams, $"document not open: {where.TextDocument.Uri}");
                return new PreparedRequest(cancellation => completions.Continue(cursor.Document, cursor.Offset, cancellation));
            default:
                throw new RpcException(ErrorCodes.InvalidParams, $"unknown command '{request.Command}'");
        }
    }

    private static TextDocumentPositionParams ParseTarget(IReadOnlyList<JsonElement> arguments)
    {
        if (arguments.Count == 1) return LspJson.Parse<TextDocumentPositionParams>(arguments[0]);
        if (arguments.Count == 2 && arguments[0].ValueKind == JsonValueKind.String)
            return new TextDocumentPositionParams(new TextDocumentIdentifier(arguments[0].GetString()!),
                LspJson.Parse<Position>(arguments[1]));
        throw new RpcException(ErrorCodes.InvalidParams,
            $"{SampleAtPosition} takes {{textDocument, position}} or (uri, position)");
    }
}
