using System.Text;
using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Sampling;
using CharRnnLsp.Server.Model;

namespace CharRnnLsp.Server.Tests.Fakes;

/// <summary>
/// A stand-in model for protocol tests: its "state" is the text it has read, so tests can check exactly what the
/// server fed; it continues with a fixed script, and can block until cancelled to exercise cancellation.
/// </summary>
public sealed class ScriptedModel(string continuation) : ICompletionModel
{
    private int _charsFed;
    public int CharsFed => Volatile.Read(ref _charsFed);
    public ModelInfo Info { get; } = new("scripted", "lstm", 1, 1, 1);
    /// <summary>When set, sampling waits for cancellation after signalling SamplingStarted.</summary>
    public bool BlockUntilCancelled { get; set; }
    public SemaphoreSlim SamplingStarted { get; } = new(0);
    /// <summary>Starting a cursor and feeding one wait until this is set (it starts set).</summary>
    public ManualResetEventSlim ReadAllowed { get; } = new(true);

    public IModelCursor StartOfDocument()
    {
        ReadAllowed.Wait();
        return new Cursor(this, "\u001C");
    }

    public sealed class Cursor(ScriptedModel owner, string read) : IModelCursor
    {
        public string Read { get; private set; } = read;

        public IModelCursor Clone() => new Cursor(owner, Read);

        public void Feed(ReadOnlySpan<char> text, CancellationToken cancellation = default)
        {
            owner.ReadAllowed.Wait(cancellation);
            Interlocked.Add(ref owner._charsFed, text.Length);
            Read += text.ToString();
        }

        /// <summary>One bit per character: easy to check in hover output.</summary>
        public double FeedScored(ReadOnlySpan<char> text)
        {
            Feed(text);
            return text.ToString().EnumerateRunes().Count();
        }

        public string Sample(int maxChars, SamplingOptions options, DeterministicRandom random, Func<string, bool>? shouldStop,
            CancellationToken cancellation)
        {
            if (owner.BlockUntilCancelled)
            {
                owner.SamplingStarted.Release();
                cancellation.WaitHandle.WaitOne();
                cancellation.ThrowIfCancellationRequested();
            }
            var text = new StringBuilder();
            foreach (char c in owner._continuation)
            {
                if (text.Length >= maxChars) break;
                text.Append(c);
                if (shouldStop is not null && shouldStop(text.ToString())) break;
            }
            return text.ToString();
        }
    }

    private readonly string _continuation = continuation;
}

public sealed class ScriptedLoader(ScriptedModel model) : IModelLoader
{
    public ICompletionModel Load(string path) => model;
}
