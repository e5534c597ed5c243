using CharRnnLsp.Server.Completion;
using CharRnnLsp.Server.Completion.Shaping;
using CharRnnLsp.Server.Lsp.Protocol;

namespace CharRnnLsp.Server.Handlers;

/// <summary>Suggestions as completion items: the label is the first line, the documentation the whole suggestion;
/// the edit replaces the word before the cursor with that word plus the suggestion, because clients filter items
/// against that word.</summary>
public static class CompletionItems
{
    public static IReadOnlyList<CompletionItem> From(SuggestionSet suggestions, DocumentCursor cursor, CursorLocator locator)
    {
        string word = TrailingWord(suggestions.Around.LinePrefix);
        string languageId = cursor.Document.LanguageId;
        return suggestions.Items.Select((suggestion, rank) =>
        {
            string firstLine = InlineSuggestionShaper.FirstLine(suggestion.InsertText);
            string label = firstLine.Trim().Length > 0 ? firstLine.Trim() : "↵ " + suggestion.InsertText.Trim().Split('\n')[0];
            return new CompletionItem(
                label,
                CompletionItemKind.Text,
                "charrnn",
                MarkupContent.Markdown(Markdown.Fenced(suggestion.InsertText, languageId)),
                new TextEdit(locator.RangeAround(cursor, word, suggestion.ReplacedChars), word + suggestion.InsertText),
                rank.ToString("D2"),
                word + suggestion.InsertText);
        }).ToList();
    }

    private static string TrailingWord(string prefix)
    {
        int start = prefix.Length;
        while (start > 0 && (char.IsLetterOrDigit(prefix[start - 1]) || prefix[start - 1] == '_')) start--;
        return prefix[start..];
    }
}
