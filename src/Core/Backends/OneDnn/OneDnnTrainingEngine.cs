using CharRnnLsp.Core.Backends.Cpu;
using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Model;
using CharRnnLsp.Core.Optim;

namespace CharRnnLsp.Core.Backends.OneDnn;

/// <summary>The oneDNN CPU engine: OneDnnTrainingGraph for forward and backward, then clipping and the optimizer
/// on the host arrays, as the managed CPU engine does; validation runs on the managed engine's graph.</summary>
internal sealed class OneDnnTrainingEngine(CharModel model, Optimizer optimizer, int batchSize, int seqLength, int threads) : ITrainingEngine
{
    private readonly OneDnnTrainingGraph _graph = new(model, batchSize, seqLength, threads);
    private readonly float[] _gradients = new float[model.Parameters.Length];

    public string Description => $"cpu (oneDNN 2, libdnnl.so.2, {_graph.Threads} thread{(_graph.Threads == 1 ? "" : "s")})";

    public float Step(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, float learningRate, float gradClip, DeterministicRandom dropoutRandom)
    {
        float loss = _graph.ForwardBackward(inputs, targets, _gradients, dropoutRandom);
        if (!float.IsFinite(loss)) return loss; // the caller stops; the parameters stay as they were
        GradientClipping.ClipGlobalNorm(_gradients, gradClip);
        optimizer.Step(model.Parameters, _gradients, learningRate);
        return loss;
    }

    public void ResetHidden() => _graph.ResetHidden();

    public void LoadHidden(ReadOnlySpan<float> hidden) => hidden.CopyTo(_graph.Hidden);

    public float[] SyncToHost() => _graph.Hidden;

    public ILossGraph CreateLossGraph(int batchSize, int seqLength) => new TrainingGraph(model, batchSize, seqLength, threads);

    public void Dispose() => _graph.Dispose();
}
