using CharRnnLsp.Core.Backends.Cpu;
using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Distributed;
using CharRnnLsp.Core.Model;
using CharRnnLsp.Core.Optim;

namespace CharRnnLsp.Core.Backends.OneDnn;

/// <summary>The oneDNN CPU engine: OneDnnTrainingGraph for forward and backward, then clipping and the optimizer
/// on the host arrays, as the managed CPU engine does, MPI team included (HostTeamStep: a rank runs its share of
/// the streams, gradients and loss summed over the ranks); validation runs on the managed engine's graph.</summary>
internal sealed class OneDnnTrainingEngine : ITrainingEngine
{
    private readonly CharModel _model;
    private readonly int _threads;
    private readonly HostTeamStep _step;
    private readonly OneDnnTrainingGraph _graph;

    public OneDnnTrainingEngine(CharModel model, Optimizer optimizer, int batchSize, int seqLength, int threads, ITrainingTeam team)
    {
        _model = model;
        _threads = threads;
        _step = new HostTeamStep(model, optimizer, team, batchSize, seqLength);
        _graph = new OneDnnTrainingGraph(model, batchSize, seqLength, threads, _step.Streams);
    }

    public string Description => $"cpu (oneDNN 2, libdnnl.so.2, {_graph.Threads} thread{(_graph.Threads == 1 ? "" : "s")}{_step.RanksDescription})";

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
