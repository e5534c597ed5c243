using System.Text.Json;
using System.Text.Unicode;
using CharRnnLsp.Server.Lsp.Protocol;

namespace CharRnnLsp.Server.Lsp;

/// <summary>One decoded JSON-RPC message from the client: a request (has id and method), a notification
/// (method only) or a response to one of our requests (id and result or error; we send none that need answers).</summary>
public sealed record IncomingMessage(JsonRpcId? Id, string? Method, JsonElement? Params)
{
    public bool IsRequest => Id is not null && Method is not null;
    public bool IsNotification => Id is null && Method is not null;

    /// <summary>Decodes a body. Throws InvalidMessageException(ParseError or InvalidRequest) with a one-line reason
    /// and the request id when one can be read, so the client can match the error to its request.</summary>
    public static IncomingMessage Parse(byte[] body)
    {
        var readableId = RawMessageScan.TryReadId(body);
        if (!Utf8.IsValid(body))
            throw new InvalidMessageException(ErrorCodes.ParseError, "the message is not valid UTF-8", readableId);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new InvalidMessageException(ErrorCodes.ParseError, $"invalid JSON: {e.Message}", readableId);
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new InvalidMessageException(ErrorCodes.InvalidRequest, "a message must be a JSON object", null);
        }
        if (RawMessageScan.RepairLoneSurrogates(body, out int repaired) is { } problem)
        {
            document.Dispose();
            throw new InvalidMessageException(ErrorCodes.InvalidRequest, problem, readableId);
        }
        if (repaired > 0)
        {
            // The document was parsed over the bytes just rewritten: parse them again rather than rely on that.
            document.Dispose();
            document = JsonDocument.Parse(body);
        }
        using var owner = document;
        var root = document.RootElement;
        JsonRpcId? id = null;
        if (root.TryGetProperty("id", out var idElement) && idElement.ValueKind != JsonValueKind.Null)
        {
            try { id = idElement.Deserialize<JsonRpcId>(LspJson.Options); }
            catch (JsonException) { throw new InvalidMessageException(ErrorCodes.InvalidRequest, "id must be an integer or a string", null); }
        }
        string? method = null;
        if (root.TryGetProperty("method", out var methodElement))
        {
            if (methodElement.ValueKind != JsonValueKind.String)
                throw new InvalidMessageException(ErrorCodes.InvalidRequest, "method must be a string", id);
            method = methodElement.GetString();
        }
        else if (id is not null && !root.TryGetProperty("result", out _) && !root.TryGetProperty("error", out _))
        {
            throw new InvalidMessageException(ErrorCodes.InvalidRequest, "a request needs a method", id);
        }
        JsonElement? parameters = root.TryGetProperty("params", out var p) ? p.Clone() : null;
        return new IncomingMessage(id, method, parameters);
    }
}
