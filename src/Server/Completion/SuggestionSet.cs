using CharRnnLsp.Server.Completion.Shaping;

namespace CharRnnLsp.Server.Completion;

/// <summary>Shaped suggestions at a cursor, distinct and in the order drawn, with the surroundings they were shaped
/// for (the completion list builds its edits from them).</summary>
public sealed record SuggestionSet(CursorSurroundings Around, IReadOnlyList<ShapedSuggestion> Items);
