namespace CharRnnLsp.Core.Distributed;

/// <summary>
/// A team over MPI_COMM_WORLD. Every call comes from the thread that joined (MPI_Init's default thread level).
/// Sums use separate send and receive buffers (no MPI_IN_PLACE, a value rather than an exported handle).
/// </summary>
public sealed unsafe class MpiTeam : ITrainingTeam
{
    private readonly MpiNative.Handles _handles;
    private float[] _sendFloats = [];
    private double[] _sendDoubles = [];

    public int Rank { get; }
    public int Size { get; }
    public int LocalSize { get; }
    public int LocalRank { get; }

    private MpiTeam(MpiNative.Handles handles, int rank, int size, int localSize, int localRank)
        => (_handles, Rank, Size, LocalSize, LocalRank) = (handles, rank, size, localSize, localRank);

    /// <summary>MPI when an MPI launcher started this process, else a team of one (no MPI library loaded).</summary>
    public static ITrainingTeam JoinIfLaunched()
    {
        Func<string, string?> environment = Environment.GetEnvironmentVariable;
        if (!MpiLauncher.IsPresent(environment)) return SoloTeam.Instance;
        var handles = MpiNative.Load();
        MpiNative.Check(MpiNative.Init(0, 0), "MPI_Init");
        int rank, size;
        MpiNative.Check(MpiNative.CommRank(handles.CommWorld, &rank), "MPI_Comm_rank");
        MpiNative.Check(MpiNative.CommSize(handles.CommWorld, &size), "MPI_Comm_size");
        return new MpiTeam(handles, rank, size, MpiLauncher.LocalRanks(environment), MpiLauncher.LocalRank(environment));
    }

    public void SumInPlace(Span<float> values)
    {
        if (_sendFloats.Length < values.Length) _sendFloats = new float[values.Length];
        values.CopyTo(_sendFloats);
        fixed (float* send = _sendFloats) fixed (float* receive = values)
            MpiNative.Check(MpiNative.AllReduce(send, receive, values.Length, _handles.Float, _handles.Sum, _handles.CommWorld), "MPI_Allreduce");
    }

    public void SumInPlace(Span<double> values)
    {
        if (_sendDoubles.Length < values.Length) _sendDoubles = new double[values.Length];
        values.CopyTo(_sendDoubles);
        fixed (double* send = _sendDoubles) fixed (double* receive = values)
            MpiNative.Check(MpiNative.AllReduce(send, receive, values.Length, _handles.Double, _handles.Sum, _handles.CommWorld), "MPI_Allreduce");
    }

    public void Broadcast(Span<byte> bytes, int root)
    {
        fixed (byte* buffer = bytes)
            MpiNative.Check(MpiNative.Broadcast(buffer, bytes.Length, _handles.Byte, root, _handles.CommWorld), "MPI_Bcast");
    }

    /// <summary>MPI_Finalize, after a run that ended the same way on every rank. Not on an error: Finalize waits
    /// for the other ranks, which may be blocked in a collective; exiting without it makes the launcher end them.</summary>
    public void Finish() => MpiNative.Check(MpiNative.FinalizeMpi(), "MPI_Finalize");
}
