using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Sampling;
using CharRnnLsp.Server.Documents;
using CharRnnLsp.Server.Modeling;
using CharRnnLsp.Server.Settings;

namespace CharRnnLsp.Server.Suggestions;

/// <summary>Runs the model for a document position: primes from the cached state nearest the cursor, then samples.</summary>
public sealed class SuggestionEngine(ModelProvider models, SettingsStore settings)
{
    /// <summary>Null when there is no model or the document's language is disabled; callers answer empty.</summary>
    public ICompletionModel? ModelFor(TextDocument document)
    {
        var s = settings.Current;
        if (s.DisabledLanguages.Contains(document.LanguageId, StringComparer.OrdinalIgnoreCase)) return null;
        return models.Current;
    }

    /// <summary>A cursor that has read the context window ending at <paramref name="offset"/>.</summary>
    public IModelCursor CursorAt(TextDocument document, ICompletionModel model, int offset, CancellationToken cancellation)
    {
        int start = ContextWindow.StartFor(offset, settings.Current.ContextChars);
        return document.Cache.CursorAt(document, model, start, offset, cancellation, out _);
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
