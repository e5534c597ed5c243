using System.Text;
using CharRnnLsp.Core.Checkpoints;
using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Data;
using CharRnnLsp.Core.Inference;
using CharRnnLsp.Core.Kernels;
using CharRnnLsp.Core.Model;
using CharRnnLsp.Core.Sampling;

namespace CharRnnLsp.Server.Model;

/// <summary>The real model: a CharModel from a checkpoint, driven one character at a time by its packed copy at
/// <paramref name="precision"/> (built on first use; GRU and RNN models step in fp32).</summary>
public sealed class CharModelCompletionModel(CharModel model, Vocabulary vocabulary, ModelInfo info,
    InferencePrecision precision = InferencePrecisions.Default) : ILstmCompletionModel
{
    private readonly Lazy<IStepModel> _stepper = new(() => InferenceModel.For(model, precision));

    public static CharModelCompletionModel FromCheckpoint(Checkpoint checkpoint, InferencePrecision precision = InferencePrecisions.Default) =>
        new(checkpoint.ToModel(), checkpoint.Vocabulary, ModelInfo.FromCheckpoint(checkpoint), precision);

    public ModelInfo Info => info;
    public CharModel Network => model;
    public Vocabulary Vocabulary => vocabulary;

    public InferencePrecision Precision => precision;

    public ILstmCompletionModel WithWeights(CharModel weights, ModelInfo weightsInfo) => new CharModelCompletionModel(weights, vocabulary, weightsInfo, precision);

    public IModelCursor StartOfDocument()
    {
        var cursor = new Cursor(model, _stepper.Value, vocabulary, model.NewState(), new float[model.Config.VocabSize]);
        cursor.Feed(char.ConvertFromUtf32(Vocabulary.DocumentSeparatorCodePoint));
        return cursor;
    }

    private sealed class Cursor(CharModel model, IStepModel stepper, Vocabulary vocabulary, RecurrentState state, float[] logits) : IModelCursor, ILstmCursor
    {
        public CharModel Network => model;
        public IStepModel Stepper => stepper;
        public RecurrentState State => state;
        public ReadOnlySpan<float> Logits => logits;

        // Sampler owns scratch buffers; one per cursor keeps concurrent requests independent.
        private Sampler? _sampler;
        private Sampler Sampler => _sampler ??= new Sampler(stepper, vocabulary);

        public IModelCursor Clone() => new Cursor(model, stepper, vocabulary, state.Clone(), (float[])logits.Clone());

        public void Feed(ReadOnlySpan<char> text, CancellationToken cancellation = default)
        {
            // Chunks keep cancellation responsive on long primes without a check per character.
            const int chunk = 64;
            int start = 0;
            while (start < text.Length)
            {
                cancellation.ThrowIfCancellationRequested();
                int end = Math.Min(text.Length, start + chunk);
                if (end < text.Length && char.IsHighSurrogate(text[end - 1])) end++; // keep surrogate pairs whole
                Sampler.Feed(state, text[start..end], logits);
                start = end;
            }
        }

        public double FeedScored(ReadOnlySpan<char> text)
        {
            double bits = 0;
            foreach (Rune rune in text.EnumerateRunes())
            {
                int index = vocabulary.IndexOf(rune.Value);
                bits += -Math.Log2(Math.Max(Softmax.Probability(logits, index), 1e-12));
                stepper.Step(state, index, logits);
            }
            return bits;
        }

        public string Sample(int maxChars, SamplingOptions options, DeterministicRandom random,
            Func<string, bool>? shouldStop, CancellationToken cancellation)
        {
            var text = new StringBuilder();
            foreach (string symbol in Sampler.Generate(state, logits, maxChars, options, random, null, cancellation))
            {
                text.Append(symbol);
                if (shouldStop is not null && shouldStop(text.ToString())) break;
            }
            cancellation.ThrowIfCancellationRequested();
            return text.ToString();
        }
    }
}
