using CharRnnLsp.Core.Data;
using CharRnnLsp.Core.Model;
namespace CharRnnLsp.Server.Model;

/// <summary>A completion model backed by an LSTM: what adaptation needs to copy its weights and to mix its
/// predictions with other experts. Models without it (test doubles) are served static and unmixed.</summary>
public interface ILstmCompletionModel : ICompletionModel
{
    CharModel Network { get; }
    Vocabulary Vocabulary { get; }

    /// <summary>The same model with other weights of the same shape: a new instance, so model-state caches that
    /// compare model references never reuse states computed with different weights.</summary>
    ILstmCompletionModel WithWeights(CharModel weights, ModelInfo info);
}

/// <summary>A cursor of an <see cref="ILstmCompletionModel"/>: the LSTM state after the text read and the logits
/// [V] of the next token, for a decoding branch to start from (read, not changed).</summary>
public interface ILstmCursor
{
    CharModel Network { get; }
    /// <summary>What steps <see cref="State"/>: <see cref="Network"/> itself or its packed copy (charrnn.inferencePrecision).</summary>
    IStepModel Stepper { get; }
    RecurrentState State { get; }
    ReadOnlySpan<float> Logits { get; }
}
