using System.Numerics.Tensors;

namespace CharRnnLsp.Core.Backends.Cpu;

/// <summary>The private gradient copies of a CPU graph's workers and their deterministic sum.</summary>
internal static class WorkerGradients
{
    /// <summary>[workers - 1][parameters]: worker 0 writes the caller's array, each other worker one of these.</summary>
    public static float[][] Allocate(int workers, int parameters)
    {
        var copies = new float[workers - 1][];
        for (int w = 0; w < copies.Length; w++) copies[w] = new float[parameters];
        return copies;
    }

    /// <summary>Chunk <paramref name="chunk"/> of <paramref name="chunks"/> of <paramref name="gradients"/> += each copy, in
    /// worker order: chunks run in parallel, but every element is summed in the same order whatever the scheduling.</summary>
    public static void SumChunk(float[] gradients, float[][] copies, int chunks, int chunk)
    {
        int size = (gradients.Length + chunks - 1) / chunks;
        int start = chunk * size, length = Math.Min(size, gradients.Length - start);
        if (length <= 0) return;
        var dst = gradients.AsSpan(start, length);
        foreach (var src in copies) TensorPrimitives.Add(dst, src.AsSpan(start, length), dst);
    }
}
