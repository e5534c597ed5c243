namespace CharRnnLsp.Core.Model;

/// <summary>Something that advances a <see cref="RecurrentState"/> by one character and writes the next-character
/// logits [V]: the reference fp32 <see cref="CharModel"/> or a packed InferenceModel (Core.Inference).</summary>
public interface IStepModel
{
    ModelConfig Config { get; }

    void Step(RecurrentState state, int token, Span<float> logits);
}
