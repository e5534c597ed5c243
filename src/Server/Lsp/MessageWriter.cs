using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CharRnnLsp.Server.Lsp.Protocol;

namespace CharRnnLsp.Server.Lsp;

/// <summary>Writes framed JSON-RPC messages to the output stream; one writer at a time so frames never interleave.</summary>
public sealed class MessageWriter(Stream output)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public Task SendResultAsync(JsonRpcId id, object? result) =>
        WriteAsync(new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = JsonSerializer.SerializeToNode(id, LspJson.Options),
            ["result"] = result is null ? null : JsonSerializer.SerializeToNode(result, result.GetType(), LspJson.Options),
        });

    public Task SendErrorAsync(JsonRpcId? id, int code, string message) =>
        WriteAsync(new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = id is { } known ? JsonSerializer.SerializeToNode(known, LspJson.Options) : null,
            ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
        });

    public Task SendNotificationAsync(string method, object parameters) =>
        WriteAsync(new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["method"] = method,
            ["params"] = JsonSerializer.SerializeToNode(parameters, parameters.GetType(), LspJson.Options),
        });

    private async Task WriteAsync(JsonObject message)
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(message, LspJson.Options);
        byte[] header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await output.WriteAsync(header).ConfigureAwait(false);
            await output.WriteAsync(body).ConfigureAwait(false);
            await output.FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}
