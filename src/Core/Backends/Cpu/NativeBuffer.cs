using System.Runtime.InteropServices;

namespace CharRnnLsp.Core.Backends.Cpu;

/// <summary>64-byte aligned native float buffer: activations never move, so kernels keep raw pointers.</summary>
internal sealed unsafe class NativeBuffer(long length) : IDisposable
{
    public float* Ptr { get; private set; } = Allocate(length);
    public long Length { get; } = length;

    private static float* Allocate(long length)
    {
        if (length == 0) return null;
        var p = (float*)NativeMemory.AlignedAlloc((nuint)(length * 4), 64);
        NativeMemory.Clear(p, (nuint)(length * 4));
        return p;
    }

    public void Dispose()
    {
        if (Ptr != null) NativeMemory.AlignedFree(Ptr);
        Ptr = null;
    }
}
