using CharRnnLsp.Core.Backends.Cuda.Native;
using CharRnnLsp.Core.Distributed;

namespace CharRnnLsp.Core.Backends.Cuda;

/// <summary>
/// One NCCL communicator over the GPUs of a training team, one GPU per rank: rank 0 creates the unique id and MPI
/// carries it to the others (NCCL has no launcher of its own). Sums run on the device's stream, queued after the
/// backward pass that wrote the gradients and before the optimizer that reads them, so no host wait is added.
/// </summary>
internal sealed unsafe class NcclCommunicator : IDisposable
{
    private readonly CudaDevice _device;
    private nint _communicator;

    private NcclCommunicator(CudaDevice device, nint communicator) => (_device, _communicator) = (device, communicator);

    /// <summary>Loads NCCL (a one-line MpiException when it is missing: a team problem, exit code 7 like MPI's) and joins
    /// every rank of <paramref name="team"/>; all ranks call this together.</summary>
    public static NcclCommunicator Join(CudaDevice device, ITrainingTeam team)
    {
        if (!CudaLibraryLoader.TryRequire(CudaLibrarySpec.Nccl, out _, out string missing))
            throw new MpiException($"rank {team.Rank}: GPU ranks sum their gradients with NCCL: {missing}");
        device.MakeCurrent();
        var id = new NcclUniqueId();
        if (team.IsLeader()) NcclNative.Check(NcclNative.GetUniqueId(&id), "ncclGetUniqueId");
        team.Broadcast(id, root: 0);
        nint communicator;
        NcclNative.Check(NcclNative.CommInitRank(&communicator, team.Size, id, team.Rank), "ncclCommInitRank");
        return new NcclCommunicator(device, communicator);
    }

    /// <summary>Replaces <paramref name="values"/> [count floats] by their sum over the ranks, in place, on the stream.</summary>
    public void SumFloats(DeviceBuffer values, long count) => Sum(values, count, NcclNative.Float32);

    /// <summary>As <see cref="SumFloats"/>, for doubles.</summary>
    public void SumDoubles(DeviceBuffer values, long count) => Sum(values, count, NcclNative.Float64);

    private void Sum(DeviceBuffer values, long count, int dataType)
        => NcclNative.Check(NcclNative.AllReduce(values.Pointer, values.Pointer, (nuint)count, dataType, NcclNative.Sum, _communicator, _device.Stream),
            "ncclAllReduce");

    public void Dispose()
    {
        if (_communicator == 0) return;
        _device.MakeCurrent();
        NcclNative.CommDestroy(_communicator);
        _communicator = 0;
    }
}
