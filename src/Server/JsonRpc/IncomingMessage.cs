using System.Text.Json;
using CharRnnLsp.Server.Protocol;

namespace CharRnnLsp.Server.JsonRpc;

/// <summary>One decoded JSON-RPC message from the client: a request (has id and method), a notification
/// (method only) or a response to one of our requests (id only; we send none that need answers).</summary>
public sealed record IncomingMessage(JsonRpcId? Id, string? Method, JsonElement? Params)
{
    public bool IsRequest => Id is not null && Method is not null;
    public bool IsNotification => Id is null && Method is not null;

    /// <summary>Decodes a body; throws RpcException(ParseError/InvalidRequest) with a one-line reason.</summary>
    public static IncomingMessage Parse(byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new RpcException(ErrorCodes.ParseError, $"invalid JSON: {e.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new RpcException(ErrorCodes.InvalidRequest, "a message must be a JSON object");
            JsonRpcId? id = null;
            if (root.TryGetProperty("id", out var idElement) && idElement.ValueKind != JsonValueKind.Null)
            {
                try { id = idElement.Deserialize<JsonRpcId>(LspJson.Options); }
                catch (JsonException) { throw new RpcException(ErrorCodes.InvalidRequest, "id must be an integer or a string"); }
            }
            string? method = null;
            if (root.TryGetProperty("method", out var methodElement))
            {
                if (methodElement.ValueKind != JsonValueKind.String)
                    throw new RpcException(ErrorCodes.InvalidRequest, "method must be a string");
                method = methodElement.GetString();
            }
            JsonElement? parameters = root.TryGetProperty("params", out var p) ? p.Clone() : null;
            return new IncomingMessage(id, method, parameters);
        }
    }
}
