using System.Text.Json;
using System.Text.Json.Serialization;

namespace CharRnnLsp.Server.Lsp.Protocol;

/// <summary>The one serializer configuration for every protocol message.</summary>
public static class LspJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Clients send numbers where we expect numbers; a string there is a client bug we report as -32602.
        NumberHandling = JsonNumberHandling.Strict,
        // A missing field the spec requires (position, textDocument) or a null where it allows none (uri) is -32602
        // naming the field, instead of a default (0, null) that fails later or silently means something else.
        // Optional fields are the record parameters with defaults.
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    /// <summary>Deserializes request params; a missing or ill-typed field becomes an InvalidParams error.</summary>
    public static T Parse<T>(JsonElement? parameters)
    {
        if (parameters is not { ValueKind: JsonValueKind.Object or JsonValueKind.Array } element)
            throw new RpcException(ErrorCodes.InvalidParams, $"params must be an object for {typeof(T).Name}");
        try
        {
            return element.Deserialize<T>(Options)
                   ?? throw new RpcException(ErrorCodes.InvalidParams, "params must not be null");
        }
        catch (JsonException e)
        {
            throw new RpcException(ErrorCodes.InvalidParams, $"invalid params: {e.Message}");
        }
    }
}
