using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Distributed;
using CharRnnLsp.Core.Kernels;
using CharRnnLsp.Core.Model;

namespace CharRnnLsp.Core.Backends.Cpu;

/// <summary>
/// Forward and backward of the model over a batch of B parallel streams x T steps (truncated BPTT),
/// with the activation buffers for that shape allocated once. The hidden state is carried from one
/// call to the next, as char-rnn does.
/// Data parallel: the B streams are split into contiguous groups, one GraphWorker per group (its own
/// activations and gradient copy, BLAS single-threaded); the copies are summed in worker order, so a given
/// thread count always gives bit-identical gradients.
/// A rank of a data-parallel team runs only its share of the streams (<see cref="Streams"/>): inputs, targets,
/// dropout masks and the carried state keep the whole batch's shape, and gradients and loss are this share's
/// part of the whole batch's mean, which the team then sums.
/// </summary>
internal sealed unsafe class TrainingGraph : ILossGraph, IHostTrainingGraph
{
    public CharModel Model { get; }
    public int BatchSize { get; }
    public int SeqLength { get; }
    /// <summary>Workers actually used: min(threads or ProcessorCount, B).</summary>
    public int Threads => _workers.Length;
    /// <summary>The streams this graph runs; all B unless it is one rank's share.</summary>
    public StreamRange Streams { get; }

    private readonly GraphWorker[] _workers;
    private readonly float[][] _workerGradients;   // [Threads - 1][P]; worker 0 writes the caller's array
    private readonly float[] _hidden;              // [L, S, B, H]
    private readonly float[] _table;               // [V, G*H] = Emb W_ih0^T + b_ih0
    private readonly float[] _masks;               // [L, T, B, H] inverted-dropout masks
    private readonly int[] _inputs, _targets;      // [T*B] copies, so workers on other threads can read them
    private readonly Action<int> _runWorker, _sumChunk;
    private float[]? _callGradients, _callLogits;
    private bool _callDropout;

    /// <summary>Summed cross-entropy (nats, accumulated in double) of the last ForwardBackward/ForwardLoss.</summary>
    public double LastLossSum { get; private set; }

    public TrainingGraph(CharModel model, int batchSize, int seqLength, int threads = 0, StreamRange? streams = null)
    {
        if (batchSize < 1) throw new ArgumentException($"batch size must be positive, got {batchSize}");
        if (seqLength < 1) throw new ArgumentException($"sequence length must be positive, got {seqLength}");
        if (threads < 0) throw new ArgumentException($"threads must be 0 (all cores) or positive, got {threads}");
        var share = streams ?? StreamRange.All(batchSize);
        if (share.First < 0 || share.Count < 1 || share.First + share.Count > batchSize)
            throw new ArgumentException($"streams [{share.First}, {share.First + share.Count}) are not a share of {batchSize}");
        Model = model; BatchSize = batchSize; SeqLength = seqLength; Streams = share;
        var c = model.Config;
        int workers = Math.Min(threads == 0 ? Environment.ProcessorCount : threads, share.Count);
        _workers = new GraphWorker[workers];
        for (int w = 0; w < workers; w++)
        {
            var part = StreamRange.Share(share.Count, w, workers);
            _workers[w] = new GraphWorker(c, model.Offsets, batchSize, seqLength, share.First + part.First, part.Count);
        }
        _workerGradients = WorkerGradients.Allocate(workers, model.Layout.TotalLength);
        _hidden = new float[c.Layers * c.StateVectorsPerLayer * batchSize * c.HiddenSize];
        _table = new float[c.VocabSize * c.Gates * c.HiddenSize];
        _masks = c.Dropout > 0 ? new float[c.Layers * seqLength * batchSize * c.HiddenSize] : [];
        _inputs = new int[batchSize * seqLength];
        _targets = new int[batchSize * seqLength];
        _runWorker = RunWorker;
        _sumChunk = SumChunk;
        Blas.SetThreads(1);
    }

    /// <summary>Carried state, [L, S, B, H] (S = StateVectorsPerLayer).</summary>
    public float[] Hidden => _hidden;

    public void ResetHidden() => Array.Clear(_hidden);

    float IHostTrainingGraph.ForwardBackward(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, float[] gradients, DeterministicRandom rng)
        => ForwardBackward(inputs, targets, gradients, rng);

    /// <summary>inputs, targets: time-major [T*B] (index t*B + b). Overwrites <paramref name="gradients"/>
    /// [Parameters.Length] with d(mean loss)/d(parameters). Returns the mean cross-entropy in nats/char (both over all T*B
    /// targets, of which a share's graph adds only its own streams' terms).
    /// Dropout masks are drawn from <paramref name="rng"/> (ignored when the model's dropout is 0).
    /// <paramref name="logits"/>, when given, receives every position's logits [T*B, V] (time-major).</summary>
    public float ForwardBackward(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, float[] gradients, DeterministicRandom rng,
        float[]? logits = null)
    {
        if (logits != null && logits.Length < _inputs.Length * Model.Config.VocabSize)
            throw new ArgumentException($"logits need {_inputs.Length * Model.Config.VocabSize} entries, got {logits.Length}");
        if (gradients.Length != Model.Layout.TotalLength)
            throw new ArgumentException($"expected {Model.Layout.TotalLength} gradients, got {gradients.Length}");
        Prepare(inputs, targets);
        _callDropout = Model.Config.Dropout > 0;
        if (_callDropout) DrawMasks(_masks, Model.Config.Dropout, rng);
        _callGradients = gradients;
        _callLogits = logits;
        Execute();
        _callLogits = null;
        if (_workerGradients.Length > 0) Parallel.For(0, _workers.Length, _sumChunk);
        return (float)(LastLossSum / _inputs.Length);
    }

    /// <summary>Forward only, no dropout: returns the summed cross-entropy in nats over the T*B targets.
    /// Advances the carried hidden state like ForwardBackward does.</summary>
    public double ForwardLoss(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets)
    {
        Prepare(inputs, targets);
        _callDropout = false;
        _callGradients = null;
        Execute();
        return LastLossSum;
    }

    private void Prepare(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets)
    {
        CheckBatch(inputs, targets, BatchSize * SeqLength, Model.Config.VocabSize);
        inputs.CopyTo(_inputs);
        targets.CopyTo(_targets);
        BuildInputTable();
    }

    // table[V, GH] = Emb[V, E] W_ih0^T[E, GH] + b_ih0: layer 0's input projection for every symbol at once.
    /// <summary>Throws ArgumentException unless inputs and targets are T*B symbols inside the vocabulary.</summary>
    internal static void CheckBatch(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, int count, int v)
    {
        if (inputs.Length != count || targets.Length != count)
            throw new ArgumentException($"expected {count} inputs and targets (T*B), got {inputs.Length} and {targets.Length}");
        foreach (int x in inputs) if ((uint)x >= (uint)v) throw new ArgumentException($"input symbol {x} outside vocabulary of {v}");
        foreach (int x in targets) if ((uint)x >= (uint)v) throw new ArgumentException($"target symbol {x} outside vocabulary of {v}");
    }

    private void BuildInputTable()
    {
        var c = Model.Config; var layout = Model.Layout;
        int gh = c.Gates * c.HiddenSize;
        var p = Model.Parameters.AsSpan();
        var bias = p.Slice(layout["rnn.bias_ih_l0"].Offset, gh);
        for (int v = 0; v < c.VocabSize; v++) bias.CopyTo(_table.AsSpan(v * gh, gh));
        Blas.Gemm(false, true, c.VocabSize, gh, c.EmbeddingSize, 1f,
            p.Slice(layout["embedding.weight"].Offset), c.EmbeddingSize,
            p.Slice(layout["rnn.weight_ih_l0"].Offset), c.EmbeddingSize, 1f, _table, gh);
    }

    /// <summary>Inverted-dropout masks [L, T, B, H] with drop probability p, drawn on the calling thread in that
    /// order, so they depend neither on the thread count nor on the engine.</summary>
    internal static void DrawMasks(Span<float> masks, float p, DeterministicRandom rng)
    {
        float keep = 1f / (1f - p);
        for (int i = 0; i < masks.Length; i++) masks[i] = rng.NextFloat() < p ? 0f : keep;
    }

    private void Execute()
    {
        if (_workers.Length == 1) RunWorker(0);
        else Parallel.For(0, _workers.Length, _runWorker);
        double loss = 0;
        foreach (var w in _workers) loss += w.LossSum;
        LastLossSum = loss;
    }

    private void RunWorker(int w)
    {
        float[]? grads = _callGradients == null ? null : w == 0 ? _callGradients : _workerGradients[w - 1];
        fixed (float* p = Model.Parameters) fixed (float* table = _table) fixed (int* inputs = _inputs)
        fixed (int* targets = _targets) fixed (float* hidden = _hidden) fixed (float* masks = _masks)
        fixed (float* g = grads) fixed (float* logits = _callLogits)
            _workers[w].Run(p, table, inputs, targets, hidden, _callDropout ? masks : null,
                grads == null ? null : g, 1f / _inputs.Length, logits);
    }

    private void SumChunk(int i) => WorkerGradients.SumChunk(_callGradients!, _workerGradients, _workers.Length, i);

    public void Dispose()
    {
        foreach (var w in _workers) w.Dispose();
    }
}
