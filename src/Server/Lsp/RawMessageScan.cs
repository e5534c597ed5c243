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

    /// <summary>Checks every escaped string and key of a syntactically valid, valid-UTF-8 body for \uD800-\uDFFF escapes
    /// without their partner (the reader checks escape syntax; decoding then refuses these, deep inside a handler).
    /// Inside "params" a string value's lone surrogates are rewritten in place to \uFFFD: a JavaScript string can hold
    /// one and VS Code sends it escaped, and U+FFFD has the same UTF-16 length, so the server's copy of a document
    /// stays in step with the editor's. Anywhere else (a key, the method, the id) it is a one-line reason to refuse
    /// the message. Works on the raw bytes: transcoding a copy of every escaped string would double the memory a
    /// big didOpen takes. Returns the reason, or null with <paramref name="repaired"/> escapes rewritten.</summary>
    public static string? RepairLoneSurrogates(byte[] body, out int repaired)
    {
        repaired = 0;
        var reader = new Utf8JsonReader(body);
        bool inParams = false;
        while (reader.Read())
        {
            bool key = reader.TokenType == JsonTokenType.PropertyName;
            if (!key && reader.TokenType != JsonTokenType.String) continue;
            // The raw (escaped) value starts after the opening quote.
            var raw = body.AsSpan((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
            bool lone = reader.ValueIsEscaped && CountLoneSurrogates(raw, repair: false) > 0;
            // Comparing a key decodes it, so only a key without lone surrogates can be asked whether it is "params".
            if (key && reader.CurrentDepth == 1) inParams = !lone && reader.ValueTextEquals("params"u8);
            if (!lone) continue;
            if (key || !inParams)
                return $"{(key ? "a key" : "a string")} at byte {reader.TokenStartIndex} holds a lone surrogate escape (not valid Unicode)";
            repaired += CountLoneSurrogates(raw, repair: true);
        }
        return null;
    }

    /// <summary>Lone surrogate escapes in a string's raw (escaped) bytes; with <paramref name="repair"/> each one's
    /// four hex digits become FFFD.</summary>
    private static int CountLoneSurrogates(Span<byte> raw, bool repair)
    {
        int lone = 0, waitingHigh = -1; // where the hex digits of a high-surrogate escape waiting for its low half are
        for (int i = 0; i < raw.Length; i++)
        {
            bool unicodeEscape = raw[i] == '\\' && raw[i + 1] == 'u';
            if (!unicodeEscape)
            {
                lone += Lone(raw, ref waitingHigh, repair);
                if (raw[i] == '\\') i++; // a one-character escape such as \" or \\
                continue;
            }
            int unit = int.Parse(raw.Slice(i + 2, 4), System.Globalization.NumberStyles.HexNumber);
            bool high = unit is >= 0xD800 and <= 0xDBFF, low = unit is >= 0xDC00 and <= 0xDFFF;
            if (low && waitingHigh >= 0) waitingHigh = -1; // a whole pair
            else
            {
                lone += Lone(raw, ref waitingHigh, repair);
                if (high) waitingHigh = i + 2;
                else if (low) { int at = i + 2; lone += Lone(raw, ref at, repair); }
            }
            i += 5;
        }
        return lone + Lone(raw, ref waitingHigh, repair);
    }

    private static int Lone(Span<byte> raw, ref int digitsAt, bool repair)
    {
        if (digitsAt < 0) return 0;
        if (repair) "FFFD"u8.CopyTo(raw.Slice(digitsAt, 4));
        digitsAt = -1;
        return 1;
    }
}
