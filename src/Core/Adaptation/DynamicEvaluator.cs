using CharRnnLsp.Core.Backends.Cpu;
using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Model;
using CharRnnLsp.Core.Optim;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace CharRnnLsp.Core.Adaptation;

/// <summary>
/// Dynamic evaluation (Krause et al. 2017/2018): a copy of the trained weights that takes one gradient step on
/// every segment it has just scored, and decays back toward the trained weights. Runs on the CPU training graph
/// with one stream and one thread (B = 1, T = segment), so one forward gives both the scores and the gradient.
/// Never touches the trained model's parameters, so nothing reaches the checkpoint on disk.
/// Memory: three parameter-sized buffers (weights, gradient, RMS statistics) plus the graph's activations for
/// T steps of one stream (GraphWorker's formula with Bw = 1), about 3 MB for a 2x128 LSTM.
/// </summary>
public sealed class DynamicEvaluator : IDisposable
{
    private readonly float[] _gradients, _meanSquare, _rms, _savedHidden;
    private readonly DeterministicRandom _unusedDropout = new(0); // the adapted copy has no dropout
    private TrainingGraph _graph;
    private DynamicEvaluationOptions _options;
    private bool _haveMeanSquare;

    /// <summary>The weights adaptation starts from and decays toward; read only.</summary>
    public CharModel Trained { get; }
    /// <summary>The adapted weights, changed in place by <see cref="Adapt"/>: hand out <see cref="Snapshot"/>s, not this.</summary>
    public CharModel Model { get; }
    /// <summary>Counts the changes of <see cref="Model"/>'s weights (steps, resets, restores).</summary>
    public long Version { get; private set; }
    /// <summary>Segments whose step was undone because the loss diverged.</summary>
    public int Divergences { get; private set; }
    /// <summary>Raised with a one-line reason when a diverging step restores the trained weights.</summary>
    public event Action<string>? Diverged;

    public DynamicEvaluator(CharModel trained, DynamicEvaluationOptions options)
    {
        options.Validate();
        Trained = trained;
        Model = new CharModel(trained.Config with { Dropout = 0f }, (float[])trained.Parameters.Clone());
        int count = trained.Parameters.Length;
        (_gradients, _meanSquare, _rms) = (new float[count], new float[count], new float[count]);
        _options = options;
        _graph = new TrainingGraph(Model, 1, options.SegmentLength, threads: 1);
        _savedHidden = new float[_graph.Hidden.Length];
    }

    /// <summary>May change between segments; an <see cref="AdaptiveLstm"/> takes a new segment length at its next Start.</summary>
    public DynamicEvaluationOptions Options
    {
        get => _options;
        set
        {
            value.Validate();
            _options = value;
        }
    }

    public int SegmentLength => _options.SegmentLength;

    /// <summary>Scores one segment with the current weights, then steps on it.
    /// inputs, targets: [T] (T = SegmentLength); hidden: [L, S, H] carried state, read and overwritten;
    /// logits: null or [T, V], the scores' logits (from the weights before the step).
    /// Returns the segment's summed cross-entropy in nats. Another length works too (the graph is rebuilt for it).</summary>
    public double Adapt(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, float[] hidden, float[]? logits)
    {
        if (inputs.Length != _graph.SeqLength)
        {
            _graph.Dispose();
            _graph = new TrainingGraph(Model, 1, inputs.Length, threads: 1);
        }
        hidden.AsSpan().CopyTo(_savedHidden);
        hidden.AsSpan().CopyTo(_graph.Hidden);
        float meanLoss = _graph.ForwardBackward(inputs, targets, _gradients, _unusedDropout, logits);
        double norm = GradientClipping.ClipGlobalNorm(_gradients, _options.GradientClip);
        if (!float.IsFinite(meanLoss) || !double.IsFinite(norm) || meanLoss > _options.DivergenceLoss)
            return Recover(inputs, targets, hidden, logits, $"dynamic evaluation diverged (segment loss {meanLoss:G3} nats/char, gradient norm {norm:G3}); restored the trained weights");
        _graph.Hidden.AsSpan().CopyTo(hidden);
        Step();
        return (double)meanLoss * inputs.Length;
    }

    /// <summary>Back to the trained weights (a restart).</summary>
    public void Reset()
    {
        Trained.Parameters.AsSpan().CopyTo(Model.Parameters);
        Array.Clear(_meanSquare);
        _haveMeanSquare = false;
        Version++;
    }

    /// <summary>An immutable copy of the adapted weights for readers on other threads.</summary>
    public CharModel Snapshot() => new(Model.Config, (float[])Model.Parameters.Clone());

    /// <summary>Continues from weights an earlier <see cref="Snapshot"/> returned (the RMS statistics restart).</summary>
    public void Restore(CharModel snapshot)
    {
        if (snapshot.Parameters.Length != Model.Parameters.Length) throw new ArgumentException("snapshot does not match the model");
        snapshot.Parameters.AsSpan().CopyTo(Model.Parameters);
        Array.Clear(_meanSquare);
        _haveMeanSquare = false;
        Version++;
    }

    private void Step()
    {
        var theta = Model.Parameters.AsSpan();
        var prior = Trained.Parameters.AsSpan();
        float rate = _options.LearningRate, decay = _options.Decay;
        if (_options.Rule == StepRule.Sgd)
        {
            if (rate > 0) TP.MultiplyAdd(_gradients, -rate, theta, theta);
            // theta += decay * (prior - theta)  ==  theta * (1 - decay) + prior * decay
            if (decay > 0) { TP.Multiply(theta, 1f - decay, theta); TP.MultiplyAdd(prior, decay, theta, theta); }
        }
        else StepRms(theta, prior, rate, decay);
        Version++;
    }

    private void StepRms(Span<float> theta, ReadOnlySpan<float> prior, float rate, float decay)
    {
        const float Beta = 0.9f, Epsilon = 1e-8f;
        if (!_haveMeanSquare) { TP.Multiply(_gradients, _gradients, _meanSquare); _haveMeanSquare = true; }
        else for (int i = 0; i < _meanSquare.Length; i++) _meanSquare[i] = Beta * _meanSquare[i] + (1 - Beta) * _gradients[i] * _gradients[i];
        TP.Sqrt(_meanSquare, _rms);
        float meanRms = TP.Sum(_rms) / _rms.Length + Epsilon;
        for (int i = 0; i < theta.Length; i++)
        {
            float pull = MathF.Min(1f, decay * _rms[i] / meanRms);
            theta[i] += -rate * _gradients[i] / (_rms[i] + 1e-5f) + pull * (prior[i] - theta[i]);
        }
    }

    // The step is undone before it is taken: restore the trained weights and rescore the segment with them, so the
    // carried state and the scores are sane.
    private double Recover(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, float[] hidden, float[]? logits, string reason)
    {
        Reset();
        Divergences++;
        Diverged?.Invoke(reason);
        _savedHidden.AsSpan().CopyTo(_graph.Hidden);
        float meanLoss = _graph.ForwardBackward(inputs, targets, _gradients, _unusedDropout, logits);
        _graph.Hidden.AsSpan().CopyTo(hidden);
        return (double)meanLoss * inputs.Length;
    }

    public void Dispose() => _graph.Dispose();
}
