using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Sampling;
using CharRnnLsp.Server.Model;
using CharRnnLsp.Server.Settings;

namespace CharRnnLsp.Server.Completion;

/// <summary>Samples at the configured temperature. Choice i draws from seed + i, so a fixed seed setting gives
/// reproducible suggestions; without one each request draws a fresh seed.</summary>
public sealed class SamplingDecoder(SettingsStore settings) : IContinuationDecoder
{
    public IReadOnlyList<string> Decode(IModelCursor primed, int count, int maxChars, bool stopAtLineEnd, CancellationToken cancellation)
    {
        var s = settings.Current;
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
