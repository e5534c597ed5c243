using CharRnnLsp.Core.Model;

namespace CharRnnLsp.Core.Tests.Adaptation;

internal static class AdaptationTestModels
{
    public const int Vocab = 12;

    /// <summary>A small untrained LSTM (weights from a fixed seed).</summary>
    public static CharModel Lstm() => CharModel.CreateInitialized(new ModelConfig(CellType.Lstm, Vocab, 8, 16, 2), seed: 7);

    /// <summary>A text that repeats a pattern of tokens 1..Vocab-1 with a period of 7.</summary>
    public static int[] Repetitive(int length) => Enumerable.Range(0, length).Select(i => 1 + (i * 3 % 7)).ToArray();
}
