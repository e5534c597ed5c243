namespace CharRnnLsp.Server.Completion.Shaping;

/// <summary>A suggestion ready for the editor: text to insert and how many characters after the cursor it replaces.</summary>
public sealed record ShapedSuggestion(string InsertText, int ReplacedChars);
