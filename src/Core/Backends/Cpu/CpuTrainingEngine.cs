using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Distributed;
using CharRnnLsp.Core.Kernels;
using CharRnnLsp.Core.Model;
using CharRnnLsp.Core.Optim;

namespace CharRnnLsp.Core.Backends.Cpu;

/// <summary>The CPU engine: TrainingGraph for forward and backward, then clipping and the optimizer on the host
/// arrays themselves, so the host is always current. In a team of N ranks, each runs its share of the streams
/// and the gradients and the loss are summed over the ranks before clipping, so every rank takes the same step.</summary>
internal sealed class CpuTrainingEngine(CharModel model, Optimizer optimizer, int batchSize, int seqLength, int threads, ITrainingTeam team)
    : ITrainingEngine
{
    private readonly TrainingGraph _graph = new(model, batchSize, seqLength, threads, team.StreamsOf(batchSize));
    private readonly float[] _gradients = new float[model.Parameters.Length];
    private readonly double[] _lossSum = new double[1];
    private readonly int _targetsPerBatch = batchSize * seqLength;

    public string Description => $"cpu ({Blas.Description}, {_graph.Threads} thread{(_graph.Threads == 1 ? "" : "s")}"
        + (team.Size > 1 ? $" per rank, {team.Size} MPI ranks" : "") + ")";

    public float Step(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, float learningRate, float gradClip, DeterministicRandom dropoutRandom)
    {
        float loss = _graph.ForwardBackward(inputs, targets, _gradients, dropoutRandom);
        if (team.Size > 1) loss = SumOverRanks();
        if (!float.IsFinite(loss)) return loss; // the caller stops; the parameters stay as they were
        GradientClipping.ClipGlobalNorm(_gradients, gradClip);
        optimizer.Step(model.Parameters, _gradients, learningRate);
        return loss;
    }

    // One all-reduce of the flat gradient buffer [P], one of the summed loss (double, as the graph keeps it).
    private float SumOverRanks()
    {
        team.SumInPlace(_gradients);
        _lossSum[0] = _graph.LastLossSum;
        team.SumInPlace(_lossSum);
        return (float)(_lossSum[0] / _targetsPerBatch);
    }

    public void ResetHidden() => _graph.ResetHidden();

    public void LoadHidden(ReadOnlySpan<float> hidden) => hidden.CopyTo(_graph.Hidden);

    public float[] SyncToHost() => team.Size > 1 ? GatherHidden() : _graph.Hidden;

    // [L, S, B, H]: each rank contributes its own streams' columns and zeros elsewhere, so the sum over the
    // ranks is every stream's state, exactly (x + 0 = x).
    private float[] GatherHidden()
    {
        var gathered = new float[_graph.Hidden.Length];
        int h = model.Config.HiddenSize;
        var streams = _graph.Streams;
        for (int block = 0; block < gathered.Length; block += batchSize * h)
        {
            int at = block + streams.First * h, length = streams.Count * h;
            Array.Copy(_graph.Hidden, at, gathered, at, length);
        }
        team.SumInPlace(gathered);
        return gathered;
    }

    public ILossGraph CreateLossGraph(int batchSize, int seqLength) => new TrainingGraph(model, batchSize, seqLength, threads);

    public void Dispose() => _graph.Dispose();
}
