using CharRnnLsp.Core.Backends.Cpu;
using CharRnnLsp.Core.Distributed;
using CharRnnLsp.Core.Model;
using CharRnnLsp.Core.Optim;

namespace CharRnnLsp.Core.Backends.OneDnn;

/// <summary>The oneDNN CPU engine: <see cref="OneDnnTrainingGraph"/> under <see cref="HostTrainingEngine"/>, as the
/// managed engine does, MPI team included; validation runs on the managed engine's graph.</summary>
internal sealed class OneDnnTrainingEngine(CharModel model, Optimizer optimizer, int batchSize, int seqLength, int threads, ITrainingTeam team)
    : HostTrainingEngine(model, optimizer, batchSize, seqLength, threads, team,
        streams => new OneDnnTrainingGraph(model, batchSize, seqLength, threads, streams))
{
    protected override string Library => "oneDNN 2, libdnnl.so.2";
}
