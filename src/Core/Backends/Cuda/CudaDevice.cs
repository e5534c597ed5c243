using System.Runtime.InteropServices;
using CharRnnLsp.Core.Backends.Cuda.Native;

namespace CharRnnLsp.Core.Backends.Cuda;

/// <summary>Math the GPU may use. Off (the default) keeps FP32 products exact enough to agree with the CPU
/// engine; TF32 lets cuBLAS and cuDNN use tensor cores with 10-bit mantissas, which is faster.</summary>
public sealed record CudaMathOptions(bool AllowTf32 = false);

/// <summary>
/// One GPU, ready for the backend: its primary context current on the calling thread, one stream that all
/// work is queued on, cuBLAS and cuDNN handles bound to that stream, and the kernels compiled for it.
/// </summary>
internal sealed unsafe class CudaDevice : IDisposable
{
    private nint _context, _blas, _dnn;
    private readonly int _driverDevice;
    public int Ordinal { get; }
    public string Name { get; }
    public (int Major, int Minor) ComputeCapability { get; }
    public long TotalMemoryBytes { get; }
    public int CudnnVersion { get; }
    /// <summary>The CUDA version the driver supports, e.g. 13000 for 13.0.</summary>
    public int DriverVersion { get; }
    public CudaMathOptions MathOptions { get; }
    /// <summary>The file each library was loaded from, driver first (for benchmark records and bug reports).</summary>
    public IReadOnlyList<string> LibraryPaths { get; }
    internal nint Stream { get; private set; }
    internal CudaKernels Kernels { get; }
    internal CudaBlas Blas { get; }
    internal nint Dnn => _dnn;

    /// <summary>"cuda:0".</summary>
    public string Label => $"cuda:{Ordinal}";

    /// <summary>"cuda:0 (NVIDIA H100 80GB HBM3, sm_90, 79.1 GiB, CUDA driver 13.0, cuDNN 9.13.0)".</summary>
    public string Description => $"{Label} ({Name}, sm_{ComputeCapability.Major}{ComputeCapability.Minor}, " +
        $"{TotalMemoryBytes / (double)(1L << 30):F1} GiB, CUDA driver {DriverVersion / 1000}.{DriverVersion % 1000 / 10}, cuDNN {CudnnVersion / 10000}.{CudnnVersion / 100 % 100}.{CudnnVersion % 100}" +
        $"{(MathOptions.AllowTf32 ? ", TF32" : "")})";

    /// <summary>Devices the driver sees; 0 when there is no driver or no GPU.</summary>
    public static int Count(out string reason)
    {
        if (!CudaLibraryLoader.TryRequire(CudaLibrarySpec.Driver, out _, out reason)) return 0;
        int status = CudaDriverNative.Init(0);
        if (status != 0)
        {
            reason = status == CudaDriverNative.ErrorNoDevice ? "the CUDA driver sees no GPU" : $"the CUDA driver did not start (cuInit error {status})";
            return 0;
        }
        int count;
        CudaDriverNative.Check(CudaDriverNative.DeviceGetCount(&count), "cuDeviceGetCount");
        reason = count == 0 ? "the CUDA driver sees no GPU" : "";
        return count;
    }

    public static bool TryOpen(int ordinal, out CudaDevice? device, out string reason, CudaMathOptions? math = null)
    {
        try
        {
            device = Open(ordinal, math);
            reason = "";
            return true;
        }
        catch (CudaException e)
        {
            (device, reason) = (null, e.Message);
            return false;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            (device, reason) = (null, $"a CUDA library could not be used: {e.Message}");
            return false;
        }
    }

    /// <summary>Opens device <paramref name="ordinal"/>; throws a one-line CudaException naming what is missing.</summary>
    public static CudaDevice Open(int ordinal, CudaMathOptions? math = null)
    {
        int count = Count(out string reason);
        if (count == 0) throw new CudaException($"no CUDA device: {reason}");
        if (ordinal < 0 || ordinal >= count) throw new CudaException($"cuda:{ordinal} does not exist: the driver sees {count} GPU{(count == 1 ? "" : "s")} (cuda:0{(count > 1 ? $"..cuda:{count - 1}" : "")})");
        var paths = CudaLibrarySpec.All.Select(CudaLibraryLoader.Require).ToList();
        try
        {
            int driverVersion = CudaLibraryLoader.DriverCudaVersion();
            if (CudnnBuildMismatch((int)CudnnNative.GetCudartVersion(), driverVersion, paths[^1]) is { } mismatch)
                throw new CudaException(mismatch);
            return new CudaDevice(ordinal, math ?? new CudaMathOptions(), paths, driverVersion);
        }
        catch (EntryPointNotFoundException e)
        {
            throw new CudaException($"a CUDA library is older than this program needs: {e.Message}");
        }
    }

    /// <summary>cuDNN's file name does not say which CUDA it was built for (the cu12 and cu13 builds are both
    /// libcudnn.so.9); one built for a newer CUDA than the driver supports loads, then fails in its first call.
    /// Versions as CUDA writes them: 12080 is 12.8.</summary>
    internal static string? CudnnBuildMismatch(int cudnnCudart, int driver, string cudnnPath)
    {
        if (cudnnCudart / 1000 <= driver / 1000) return null;
        return $"cuDNN at {cudnnPath} was built for CUDA {cudnnCudart / 1000}.{cudnnCudart % 1000 / 10}, and this driver supports CUDA " +
               $"{driver / 1000}.{driver % 1000 / 10}; install the cuDNN 9 build for CUDA {driver / 1000} (pip: nvidia-cudnn-cu{driver / 1000}) " +
               $"or set {CudaLibraryLocator.PathVariable} to its folder";
    }

    private CudaDevice(int ordinal, CudaMathOptions math, IReadOnlyList<string> libraryPaths, int driverVersion)
    {
        Ordinal = ordinal;
        LibraryPaths = libraryPaths;
        MathOptions = math;
        DriverVersion = driverVersion;
        int device, major, minor;
        CudaDriverNative.Check(CudaDriverNative.DeviceGet(&device, ordinal), "cuDeviceGet");
        var name = stackalloc byte[256];
        CudaDriverNative.Check(CudaDriverNative.DeviceGetName(name, 256, device), "cuDeviceGetName");
        Name = Marshal.PtrToStringUTF8((nint)name) ?? "unknown GPU";
        CudaDriverNative.Check(CudaDriverNative.DeviceGetAttribute(&major, CudaDriverNative.ComputeCapabilityMajor, device), "cuDeviceGetAttribute");
        CudaDriverNative.Check(CudaDriverNative.DeviceGetAttribute(&minor, CudaDriverNative.ComputeCapabilityMinor, device), "cuDeviceGetAttribute");
        ComputeCapability = (major, minor);
        _driverDevice = device;
        nint context;
        CudaDriverNative.Check(CudaDriverNative.DevicePrimaryCtxRetain(&context, device), "cuDevicePrimaryCtxRetain");
        _context = context;
        try
        {
            (TotalMemoryBytes, CudnnVersion, Blas, Kernels) = OpenInContext(math, major, minor);
        }
        catch
        {
            Dispose(); // what was created so far, and our reference to the primary context
            throw;
        }
    }

    // The stream, the library handles bound to it and the kernels, in the primary context just retained.
    private (long TotalMemory, int CudnnVersion, CudaBlas Blas, CudaKernels Kernels) OpenInContext(CudaMathOptions math, int major, int minor)
    {
        nint stream, blas, dnn;
        MakeCurrent();
        nuint free, total;
        CudaDriverNative.Check(CudaDriverNative.MemGetInfo(&free, &total), "cuMemGetInfo");
        CudaDriverNative.Check(CudaDriverNative.StreamCreate(&stream, 1 /* CU_STREAM_NON_BLOCKING */), "cuStreamCreate");
        Stream = stream;
        CublasNative.Check(CublasNative.Create(&blas), "cublasCreate");
        _blas = blas;
        CublasNative.Check(CublasNative.SetStream(blas, stream), "cublasSetStream");
        CublasNative.Check(CublasNative.SetMathMode(blas, math.AllowTf32 ? CublasNative.Tf32TensorOpMath : CublasNative.DefaultMath), "cublasSetMathMode");
        CudnnNative.Check(CudnnNative.Create(&dnn), "cudnnCreate");
        _dnn = dnn;
        CudnnNative.Check(CudnnNative.SetStream(dnn, stream), "cudnnSetStream");
        return ((long)total, (int)CudnnNative.GetVersion(), new CudaBlas(blas), new CudaKernels(this, KernelCompiler.Compile(KernelCompiler.Source, major, minor, out _)));
    }

    /// <summary>Makes this device's context current on the calling thread (cheap; every entry point calls it).</summary>
    public void MakeCurrent() => CudaDriverNative.Check(CudaDriverNative.CtxSetCurrent(_context), "cuCtxSetCurrent");

    /// <summary>Waits until all queued work has finished; a failed kernel surfaces here.</summary>
    public void Synchronize() => CudaDriverNative.Check(CudaDriverNative.StreamSynchronize(Stream), "cuStreamSynchronize");

    /// <summary>Waits until all work on every stream of the context has finished, not only ours.</summary>
    public void SynchronizeContext()
    {
        MakeCurrent();
        CudaDriverNative.Check(CudaDriverNative.CtxSynchronize(), "cuCtxSynchronize");
    }

    public void Dispose()
    {
        if (_context == 0) return;
        MakeCurrent();
        Kernels?.Dispose();
        if (_dnn != 0) CudnnNative.Destroy(_dnn);
        if (_blas != 0) CublasNative.Destroy(_blas);
        if (Stream != 0) CudaDriverNative.StreamDestroy(Stream);
        CudaDriverNative.DevicePrimaryCtxRelease(_driverDevice);
        (_dnn, _blas, Stream, _context) = (0, 0, 0, 0);
    }
}
