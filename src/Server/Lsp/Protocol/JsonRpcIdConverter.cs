using System.Text.Json;
using System.Text.Json.Serialization;

namespace CharRnnLsp.Server.Lsp.Protocol;

public sealed class JsonRpcIdConverter : JsonConverter<JsonRpcId>
{
    public override JsonRpcId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number when reader.TryGetInt64(out long n) => new JsonRpcId(n, null),
            JsonTokenType.String => new JsonRpcId(null, reader.GetString()),
            _ => throw new JsonException("request id must be an integer or a string"),
        };

    public override void Write(Utf8JsonWriter writer, JsonRpcId value, JsonSerializerOptions options)
    {
        if (value.Text is not null) writer.WriteStringValue(value.Text);
        else if (value.Number is long n) writer.WriteNumberValue(n);
        else writer.WriteNullValue();
    }
}
