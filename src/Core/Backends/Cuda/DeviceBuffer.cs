using CharRnnLsp.Core.Backends.Cuda.Native;
namespace CharRnnLsp.Core.Backends.Cuda;

/// <summary>One device allocation of <see cref="Bytes"/> bytes; copies run on the device's stream.
/// Host-to-device copies from ordinary (pageable) memory return once the source has been read;
/// a download is followed by a stream synchronisation before the host reads it. Each operation makes the
/// device's context current first, so a buffer may be used from any thread.</summary>
internal sealed unsafe class DeviceBuffer : IDisposable
{
    private readonly CudaDevice _device;
    public ulong Pointer { get; private set; }
    public long Bytes { get; }

    public DeviceBuffer(CudaDevice device, long bytes)
    {
        _device = device;
        Bytes = bytes;
        if (bytes == 0) return;
        ulong pointer;
        device.MakeCurrent();
        int status = CudaDriverNative.MemAlloc(&pointer, (nuint)bytes);
        if (status != 0)
            throw new CudaException($"could not allocate {bytes / (1 << 20):N0} MiB on {device.Label}: out of GPU memory? (CUDA error {status})");
        Pointer = pointer;
        Clear();
    }

    public static DeviceBuffer Floats(CudaDevice device, long count) => new(device, count * sizeof(float));

    /// <summary>The address of element <paramref name="index"/> when the buffer holds Ts.</summary>
    public ulong At<T>(long index) where T : unmanaged => Pointer + (ulong)(index * sizeof(T));

    public void Clear() => Fill(0u);

    /// <summary>Sets every 32-bit word to <paramref name="bits"/> (1.0f is 0x3f800000).</summary>
    public void Fill(uint bits)
    {
        if (Bytes == 0) return;
        _device.MakeCurrent();
        CudaDriverNative.Check(CudaDriverNative.MemsetD32Async(Pointer, bits, (nuint)(Bytes / 4), _device.Stream), "cuMemsetD32Async");
    }

    public void Upload<T>(ReadOnlySpan<T> source, long offset = 0) where T : unmanaged
    {
        if (source.IsEmpty) return;
        if ((offset + source.Length) * sizeof(T) > Bytes) throw new ArgumentException("upload past the end of the device buffer");
        _device.MakeCurrent();
        fixed (T* p = source)
            CudaDriverNative.Check(CudaDriverNative.MemcpyHtoDAsync(At<T>(offset), p, (nuint)(source.Length * sizeof(T)), _device.Stream), "cuMemcpyHtoDAsync");
    }

    /// <summary>Copies into <paramref name="destination"/> and waits for the copy (and all work before it).</summary>
    public void Download<T>(Span<T> destination, long offset = 0) where T : unmanaged
    {
        if (destination.IsEmpty) return;
        if ((offset + destination.Length) * sizeof(T) > Bytes) throw new ArgumentException("download past the end of the device buffer");
        _device.MakeCurrent();
        fixed (T* p = destination)
        {
            CudaDriverNative.Check(CudaDriverNative.MemcpyDtoHAsync(p, At<T>(offset), (nuint)(destination.Length * sizeof(T)), _device.Stream), "cuMemcpyDtoHAsync");
            _device.Synchronize();
        }
    }

    public void Dispose()
    {
        if (Pointer == 0) return;
        _device.MakeCurrent();
        CudaDriverNative.MemFree(Pointer);
        Pointer = 0;
    }
}
