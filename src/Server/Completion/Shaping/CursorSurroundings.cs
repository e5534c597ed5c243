namespace CharRnnLsp.Server.Completion.Shaping;

/// <summary>What surrounds the cursor, as the post-processing rules need it.</summary>
/// <param name="LinePrefix">Text of the cursor's line before the cursor (its last 4,096 characters on longer lines).</param>
/// <param name="LineSuffix">Text of the cursor's line after the cursor (no line break; at most 4,096 characters).</param>
/// <param name="TextAfterCursor">The document after the cursor (a bounded slice is enough).</param>
/// <param name="MultilineAllowed">The user setting; multi-line is only ever offered at the end of a line.</param>
/// <param name="Syntax">The document language's comments and literals (C family when null).</param>
public sealed record CursorSurroundings(string LinePrefix, string LineSuffix, string TextAfterCursor, bool MultilineAllowed,
    LexicalSyntax? Syntax = null);
