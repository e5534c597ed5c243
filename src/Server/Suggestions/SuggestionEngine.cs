using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Sampling;
using CharRnnLsp.Server.Documents;
using CharRnnLsp.Server.Modeling;
using CharRnnLsp.Server.Settings;

namespace CharRnnLsp.Server.Suggestions;

/// <summary>Runs the model for a document position: primes from the cached state nearest the cursor, then samples.</summary>
public sealed class SuggestionEngine(ModelProvider models, SettingsStore settings)
{
    /// <summary>Null when there is no model (after a bounded wait for one being loaded) or the document's language is
    /// disabled; callers answer empty.</summary>
    public ICompletionModel? ModelFor(TextDocument document, CancellationToken cancellation)
    {
        var s = settings.Current;
        if (s.DisabledLanguages.Contains(document.LanguageId, StringComparer.OrdinalIgnoreCase)) return null;
        return models.CurrentOrAwaitLoad(cancellation);
    }

    /// <summary>A cursor that has read the context window ending at <paramref name="offset"/>.</summary>
    public IModelCursor CursorAt(TextDocument document, ICompletionModel model, int offset, CancellationToken cancellation)
    {
        int contextChars = settings.Current.ContextChars;
        int start = ContextWindow.StartFor(offset, contextChars);
        var cursor = document.Cache.CursorAt(document, model, start, offset, cancellation, out _);
        WarmNextWindow(document, model, offset, start, contextChars);
        return cursor;
    }

    /// <summary>When the cursor nears the point where the window start moves, the first request past it would read
    /// contextChars characters from scratch (a latency spike once per window). Reading the next window in the
    /// background beforehand turns that into a normal resume.</summary>
    private static void WarmNextWindow(TextDocument document, ICompletionModel model, int offset, int start, int contextChars)
    {
        int nextStart = ContextWindow.StartFor(offset + contextChars / 2, contextChars);
        if (nextStart != start) document.Cache.WarmInBackground(document, model, nextStart, offset);
    }

    /// <summary>Samples <paramref name="count"/> continuations from one primed state. Each choice i draws from
    /// seed+i, so a fixed seed setting gives reproducible suggestions.</summary>
    public IReadOnlyList<string> Continuations(TextDocument document, ICompletionModel model, int offset, int count,
        int maxChars, bool stopAtLineEnd, CancellationToken cancellation)
    {
        var s = settings.Current;
        var primed = CursorAt(document, model, offset, cancellation);
        var options = new SamplingOptions(Temperature: s.Temperature);
        ulong seed = s.Seed ?? (ulong)Random.Shared.NextInt64();
        Func<string, bool>? stop = stopAtLineEnd ? text => text.EndsWith('\n') : null;
        var results = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            var cursor = i == count - 1 ? primed : primed.Clone();
            results.Add(cursor.Sample(maxChars, options, new DeterministicRandom(seed + (ulong)i), stop, cancellation));
        }
        return results;
    }
}
