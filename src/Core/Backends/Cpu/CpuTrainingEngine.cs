using CharRnnLsp.Core.Distributed;
using CharRnnLsp.Core.Kernels;
using CharRnnLsp.Core.Model;
using CharRnnLsp.Core.Optim;

namespace CharRnnLsp.Core.Backends.Cpu;

/// <summary>The managed CPU engine: <see cref="TrainingGraph"/> (OpenBLAS or managed SIMD) under <see cref="HostTrainingEngine"/>.</summary>
internal sealed class CpuTrainingEngine(CharModel model, Optimizer optimizer, int batchSize, int seqLength, int threads, ITrainingTeam team)
    : HostTrainingEngine(model, optimizer, batchSize, seqLength, threads, team,
        streams => new TrainingGraph(model, batchSize, seqLength, threads, streams))
{
    protected override string Library => Blas.Description;
}
