namespace CharRnnLsp.Server.Completion.Shaping;

/// <summary>
/// What a bracket counter must skip in one family of languages: comments to the end of the line, block
/// comments, and the characters that open string literals (closed by the same character, backslash escapes).
/// Chosen from the LSP languageId; unknown languages get the C family, the most common case.
/// </summary>
/// <param name="LineComments">Openers of a comment that runs to the end of the line ("//", "#", "%").</param>
/// <param name="BlockComment">Opener and closer of a comment that may span lines, or null.</param>
/// <param name="Quotes">Characters that open a string or character literal.</param>
/// <param name="BackslashEscapes">True when a backslash outside literals makes the next character text
/// (TeX's \% is a percent sign, \{ a brace character).</param>
public sealed record LexicalSyntax(string[] LineComments, (string Open, string Close)? BlockComment, string Quotes,
    bool BackslashEscapes = false)
{
    public static readonly LexicalSyntax CFamily = new(["//"], ("/*", "*/"), "\"'`");
    public static readonly LexicalSyntax Hash = new(["#"], null, "\"'");
    // LaTeX quotes are ``...'' typography, not literals: nothing there hides brackets.
    public static readonly LexicalSyntax TeX = new(["%"], null, "", BackslashEscapes: true);
    public static readonly LexicalSyntax DoubleDash = new(["--"], null, "\"'");

    private static readonly Dictionary<string, LexicalSyntax> ByLanguage = new(StringComparer.OrdinalIgnoreCase)
    {
        ["python"] = Hash, ["shellscript"] = Hash, ["ruby"] = Hash, ["perl"] = Hash, ["r"] = Hash,
        ["yaml"] = Hash, ["toml"] = Hash, ["makefile"] = Hash, ["dockerfile"] = Hash, ["cmake"] = Hash,
        ["powershell"] = Hash, ["elixir"] = Hash, ["julia"] = Hash, ["nim"] = Hash,
        ["latex"] = TeX, ["tex"] = TeX, ["bibtex"] = TeX, ["context"] = TeX, ["doctex"] = TeX,
        ["sql"] = DoubleDash, ["lua"] = DoubleDash, ["haskell"] = DoubleDash, ["ada"] = DoubleDash,
    };

    public static LexicalSyntax ForLanguage(string? languageId) =>
        languageId is not null && ByLanguage.TryGetValue(languageId, out var syntax) ? syntax : CFamily;
}
