using CharRnnLsp.Core.Backends.Cpu;
using CharRnnLsp.Core.Backends.Cuda;
using CharRnnLsp.Core.Backends.OneDnn;
using CharRnnLsp.Core.Backends.OneDnn.Native;
using CharRnnLsp.Core.Distributed;
using CharRnnLsp.Core.Model;
using CharRnnLsp.Core.Optim;

namespace CharRnnLsp.Core.Backends.Selection;

/// <summary>`--device auto|cpu|onednn|cuda[:N]`.</summary>
public sealed record DeviceRequest(DeviceRequest.Kinds Kind, int Ordinal = 0)
{
    public enum Kinds { Auto, Cpu, OneDnn, Cuda }

    public static readonly DeviceRequest Auto = new(Kinds.Auto);

    /// <summary>Throws ArgumentException with a one-line message for anything else.</summary>
    public static DeviceRequest Parse(string text)
    {
        string t = text.Trim().ToLowerInvariant();
        if (t == "auto") return Auto;
        if (t == "cpu") return new(Kinds.Cpu);
        if (t == "onednn") return new(Kinds.OneDnn);
        if (t == "cuda") return new(Kinds.Cuda);
        if (t.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(t[5..], out int ordinal) && ordinal >= 0) return new(Kinds.Cuda, ordinal);
        throw new ArgumentException($"--device must be auto, cpu, onednn, cuda or cuda:N, got '{text}'");
    }

    public override string ToString() =>
        Kind switch { Kinds.Auto => "auto", Kinds.Cpu => "cpu", Kinds.OneDnn => "onednn", _ => $"cuda:{Ordinal}" };
}

/// <summary>
/// Where a run trains, decided once before it starts: an opened GPU, or the CPU with oneDNN's LSTM primitives
/// (libdnnl.so.2) or our managed engine (OpenBLAS or managed SIMD). Auto takes the first GPU when the driver, the
/// libraries and a device are all there, else oneDNN when it loads and the model is an LSTM, else the managed
/// engine, and says what was missing; --device onednn falls back the same way, with the reason, never failing.
/// </summary>
public sealed class DeviceChoice : IDisposable
{
    /// <summary>The opened GPU; null for the CPU.</summary>
    internal CudaDevice? Gpu { get; }

    /// <summary>Why this device, for the log: "auto: cuda:0 found", "auto: no CUDA (libcuda.so.1 not found ...)".</summary>
    public string Reason { get; private set; }

    private readonly bool _wantsOneDnn;

    private DeviceChoice(CudaDevice? gpu, string reason, bool wantsOneDnn = false) =>
        (Gpu, Reason, _wantsOneDnn) = (gpu, reason, wantsOneDnn);

    /// <summary>Opens what was asked for; --device cuda without a usable GPU throws a one-line CudaException.
    /// Ranks on one machine take one GPU each: cuda:N is local rank 0's, local rank r takes (N + r) mod GPUs.</summary>
    public static DeviceChoice Make(DeviceRequest request, CudaMathOptions math, int localRank = 0)
    {
        switch (request.Kind)
        {
            case DeviceRequest.Kinds.Cpu:
                return new(null, "--device cpu");
            case DeviceRequest.Kinds.OneDnn:
                return new(null, "--device onednn", wantsOneDnn: true);
            case DeviceRequest.Kinds.Cuda:
                int ordinal = OrdinalOf(request.Ordinal, localRank);
                return new(CudaDevice.Open(ordinal, math), $"--device {request}" + (localRank > 0 ? $", cuda:{ordinal} for local rank {localRank}" : ""));
            default:
                return CudaDevice.TryOpen(OrdinalOf(0, localRank), out var device, out string reason, math)
                    ? new(device, "auto: a GPU with the CUDA libraries was found")
                    : new(null, $"auto: no usable GPU ({reason})", wantsOneDnn: true);
        }
    }

    private static int OrdinalOf(int requested, int localRank)
        => localRank == 0 ? requested : (requested + localRank) % Math.Max(1, CudaDevice.Count(out _));

    /// <summary>The engine for one process, or for one rank of <paramref name="team"/> (null: training alone).
    /// Ranks on one machine share its cores: --threads 0 gives each its part of them. Where oneDNN was wanted but
    /// cannot train this, <see cref="Reason"/> gets why.</summary>
    public ITrainingEngine CreateEngine(CharModel model, Optimizer optimizer, int batchSize, int seqLength, int threads,
        ITrainingTeam? team = null)
    {
        team ??= SoloTeam.Instance;
        if (team.Size > batchSize)
            throw new ArgumentException($"{team.Size} MPI ranks need at least as many streams: --batch {batchSize} is too small");
        if (Gpu is { } gpu) return new CudaTrainingEngine(gpu, model, optimizer, batchSize, seqLength, team);
        if (threads == 0 && team.LocalSize > 1) threads = Math.Max(1, Environment.ProcessorCount / team.LocalSize);
        if (_wantsOneDnn)
        {
            string? missing = !DnnlNative.IsAvailable ? DnnlNative.UnavailableReason
                : model.Config.Cell != CellType.Lstm ? $"oneDNN trains LSTMs only, this is a {model.Config.Cell}" : null;
            if (missing == null) return new OneDnnTrainingEngine(model, optimizer, batchSize, seqLength, threads, team);
            Reason += $"; managed CPU engine: {missing}";
        }
        return new CpuTrainingEngine(model, optimizer, batchSize, seqLength, threads, team);
    }

    public void Dispose() => Gpu?.Dispose();
}
