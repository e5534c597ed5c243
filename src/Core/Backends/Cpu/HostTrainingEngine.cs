using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Distributed;
using CharRnnLsp.Core.Model;
using CharRnnLsp.Core.Optim;

namespace CharRnnLsp.Core.Backends.Cpu;

/// <summary>What both CPU engines share: a graph for forward and backward, then clipping and the optimizer on the
/// host arrays themselves, so the host is always current. In a team of N ranks, each runs its share of the streams
/// and the gradients and the loss are summed over the ranks before clipping (<see cref="HostTeamStep"/>).
/// Validation runs on the managed <see cref="TrainingGraph"/> whichever graph trains.</summary>
internal abstract class HostTrainingEngine : ITrainingEngine
{
    private readonly CharModel _model;
    private readonly int _threads;
    private readonly HostTeamStep _step;
    private readonly IHostTrainingGraph _graph;

    /// <param name="createGraph">Builds the training graph for this rank's streams.</param>
    protected HostTrainingEngine(CharModel model, Optimizer optimizer, int batchSize, int seqLength, int threads, ITrainingTeam team,
        Func<StreamRange, IHostTrainingGraph> createGraph)
    {
        _model = model;
        _threads = threads;
        _step = new HostTeamStep(model, optimizer, team, batchSize, seqLength);
        _graph = createGraph(_step.Streams);
    }

    /// <summary>What computes the graph, for the device line (e.g. "OpenBLAS ...", "oneDNN 2, libdnnl.so.2").</summary>
    protected abstract string Library { get; }

    public string Description => $"cpu ({Library}, {_graph.Threads} thread{(_graph.Threads == 1 ? "" : "s")}{_step.RanksDescription})";

    public float Step(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, float learningRate, float gradClip, DeterministicRandom dropoutRandom)
    {
        float loss = _graph.ForwardBackward(inputs, targets, _step.Gradients, dropoutRandom);
        return _step.Apply(loss, _graph.LastLossSum, learningRate, gradClip);
    }

    public void ResetHidden() => _graph.ResetHidden();

    public void LoadHidden(ReadOnlySpan<float> hidden) => hidden.CopyTo(_graph.Hidden);

    public float[] SyncToHost() => _step.SyncToHost(_graph.Hidden);

    public ILossGraph CreateLossGraph(int batchSize, int seqLength) => new TrainingGraph(_model, batchSize, seqLength, _threads);

    public void Dispose() => _graph.Dispose();
}
