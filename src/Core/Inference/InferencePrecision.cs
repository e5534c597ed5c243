namespace CharRnnLsp.Core.Inference;

/// <summary>How the weights of a packed inference model are stored. Activations, biases, the recurrent state and
/// the accumulation stay fp32 in every case; only the weight matrices are rounded.</summary>
public enum InferencePrecision
{
    /// <summary>The trained weights as they are.</summary>
    Fp32,
    /// <summary>bfloat16 (8 significant bits, round to nearest even): half the bytes to read per character.</summary>
    Bf16,
    /// <summary>int8 with one fp32 scale per output row (symmetric, max |w| / 127): a quarter of the bytes.</summary>
    Int8,
}

public static class InferencePrecisions
{
    /// <summary>What sampling and the language server use unless told otherwise (docs/benchmarks.md has the
    /// speed and bits/char measurements behind the choice).</summary>
    public const InferencePrecision Default = InferencePrecision.Bf16;

    /// <summary>"fp32", "bf16" or "int8" (any case); throws ArgumentException with a one-line reason otherwise.</summary>
    public static InferencePrecision Parse(string text) => text.ToLowerInvariant() switch
    {
        "fp32" => InferencePrecision.Fp32,
        "bf16" => InferencePrecision.Bf16,
        "int8" => InferencePrecision.Int8,
        _ => throw new ArgumentException($"inference precision must be fp32, bf16 or int8, got '{text}'"),
    };
}
