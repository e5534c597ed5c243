using System.Text;

namespace CharRnnLsp.Core.Data;

/// <summary>
/// Error messages for users are one line even when they quote a hostile file (a tensor name with a newline,
/// a megabyte-long key): control characters are escaped and the text is capped.
/// </summary>
internal static class OneLineMessage
{
    public const int MaxLength = 400;

    public static string From(string message)
    {
        var sb = new StringBuilder(Math.Min(message.Length, MaxLength + 8));
        foreach (char c in message)
        {
            if (sb.Length >= MaxLength)
            {
                sb.Append('…');
                break;
            }
            if (char.IsControl(c) || c is '\u2028' or '\u2029') sb.Append($"\\u{(int)c:x4}");
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
