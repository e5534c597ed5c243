using System.Text.Json;
using CharRnnLsp.Server.Lsp.Protocol;

namespace CharRnnLsp.Server.Lsp;

/// <summary>
/// Reads a message body with Utf8JsonReader before anything decodes it. JsonDocument accepts invalid UTF-8 and lone
/// surrogate escapes (\ud800) inside strings and keys and only fails when one is decoded, which can be deep inside
/// a handler or a property lookup; checking every escaped string once here means no later code sees one.
/// </summary>
internal static class RawMessageScan
{
    /// <summary>The top-level "id" of a body that may be truncated or broken after it; null when none can be read.</summary>
    public static JsonRpcId? TryReadId(ReadOnlySpan<byte> body)
    {
        // Not the final block: a truncated body reads like one whose end has not arrived yet.
        var reader = new Utf8JsonReader(body, isFinalBlock: false, default);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isId = IsIdKey(ref reader);
                if (!reader.Read()) return null;
                if (isId) return IdValue(ref reader);
                if (!reader.TrySkip()) return null;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Broken before an id was seen.
        }
        return null;
    }

    /// <summary>An escaped key that does not decode (\udc00) is not "id"; it must not hide an id after it.</summary>
    private static bool IsIdKey(ref Utf8JsonReader reader)
    {
        try { return reader.ValueTextEquals("id"u8); }
        catch (InvalidOperationException) { return false; }
    }

    private static JsonRpcId? IdValue(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number when reader.TryGetInt64(out long n) => new JsonRpcId(n, null),
        JsonTokenType.String => new JsonRpcId(null, reader.GetString()),
        _ => null,
    };

    /// <summary>Null when every string and key of a syntactically valid, valid-UTF-8 body decodes; else a one-line
    /// reason. The reader has checked the escapes' syntax; what it lets through and decoding then refuses (an
    /// InvalidOperationException from deep inside a handler) is a \uD800-\uDFFF escape without its partner. Checked
    /// on the raw bytes: transcoding a copy of every escaped string would double the memory a big didOpen takes.</summary>
    public static string? FindUndecodableString(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        while (reader.Read())
        {
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName) || !reader.ValueIsEscaped) continue;
            if (!HasLoneSurrogateEscape(reader.ValueSpan)) continue;
            string what = reader.TokenType == JsonTokenType.PropertyName ? "a key" : "a string";
            return $"{what} at byte {reader.TokenStartIndex} holds a lone surrogate escape (not valid Unicode)";
        }
        return null;
    }

    private static bool HasLoneSurrogateEscape(ReadOnlySpan<byte> raw)
    {
        bool expectLow = false;
        for (int i = 0; i < raw.Length; i++)
        {
            bool unicodeEscape = raw[i] == '\\' && raw[i + 1] == 'u';
            if (!unicodeEscape)
            {
                if (expectLow) return true;
                if (raw[i] == '\\') i++; // a one-character escape such as \" or \\
                continue;
            }
            int unit = int.Parse(raw.Slice(i + 2, 4), System.Globalization.NumberStyles.HexNumber);
            i += 5;
            bool high = unit is >= 0xD800 and <= 0xDBFF, low = unit is >= 0xDC00 and <= 0xDFFF;
            if (expectLow != low) return true;
            expectLow = high;
        }
        return expectLow;
    }
}
