using System.Text;

namespace CharRnnLsp.Core.Files;

/// <summary>
/// File names as Linux stores them: bytes, usually but not always UTF-8. .NET decodes a name that is not
/// UTF-8 with U+FFFD in place of the bad bytes, and that string names no file, so such a file is reached
/// by its bytes and shown with the bad bytes escaped as \xNN.
/// </summary>
internal static class NativeName
{
    public static byte[] Encode(string path) => Encoding.UTF8.GetBytes(path);

    /// <summary>The name as text: valid UTF-8 decoded, every other byte as \xNN.</summary>
    public static string Escape(ReadOnlySpan<byte> name)
    {
        var sb = new StringBuilder(name.Length);
        while (!name.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(name, out Rune rune, out int consumed);
            if (status == System.Buffers.OperationStatus.Done) sb.Append(rune.ToString());
            else foreach (byte b in name[..consumed]) sb.Append($"\\x{b:x2}");
            name = name[consumed..];
        }
        return sb.ToString();
    }

    public static byte[] Join(ReadOnlySpan<byte> directory, ReadOnlySpan<byte> name) => [.. directory, (byte)'/', .. name];
}
