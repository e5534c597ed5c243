namespace CharRnnLsp.Server.Completion;

/// <summary>
/// Where the model starts reading for a cursor. Snapshot reuse needs a start that does not move with every
/// keystroke, so windows start at multiples of <c>contextChars</c>: the model reads from the document start
/// while the cursor is within 2*contextChars of it, and otherwise from the window boundary that leaves between
/// contextChars and 2*contextChars characters of context. The start only moves once every contextChars characters.
/// </summary>
public static class ContextWindow
{
    public static int StartFor(int cursorOffset, int contextChars)
    {
        if (contextChars <= 0 || cursorOffset < 2 * contextChars) return 0;
        return (cursorOffset - contextChars) / contextChars * contextChars;
    }
}
