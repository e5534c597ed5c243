using CharRnnLsp.Core.Backends.Cpu;
using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Distributed;
using CharRnnLsp.Core.Model;

namespace CharRnnLsp.Core.Backends.OneDnn;

/// <summary>
/// The oneDNN engine's forward and backward over B streams x T steps, hidden state carried as in TrainingGraph
/// (the same [L, S, B, H] layout). Data parallel like TrainingGraph: one OneDnnWorker per contiguous group of
/// streams, each running oneDNN on one thread, gradient copies summed in worker order, so a given thread count
/// always gives the same gradients. (oneDNN's own OpenMP threading splits B = 50 rows too finely to pay on two
/// cores.) Dropout masks are drawn like TrainingGraph's, so both engines drop the same units.
/// A rank of a data-parallel team runs only its share of the streams (<see cref="Streams"/>), as in TrainingGraph.
/// </summary>
internal sealed unsafe class OneDnnTrainingGraph : IHostTrainingGraph
{
    public CharModel Model { get; }
    /// <summary>Workers actually used: min(threads or ProcessorCount, B).</summary>
    public int Threads => _workers.Length;
    /// <summary>The streams this graph runs; all B unless it is one rank's share.</summary>
    public StreamRange Streams { get; }

    /// <summary>Summed cross-entropy (nats, accumulated in double) of the last ForwardBackward.</summary>
    public double LastLossSum { get; private set; }

    private readonly OneDnnWorker[] _workers;
    private readonly float[][] _workerGradients; // [Threads - 1][P]; worker 0 writes the caller's array
    private readonly float[] _hidden;            // [L, S = 2, B, H]
    private readonly float[] _masks;             // [L, T, B, H] inverted-dropout masks
    private readonly int[] _inputs, _targets;    // [T*B] copies the workers read
    private readonly Action<int> _runWorker, _sumChunk;
    private float[]? _callGradients;
    private bool _callDropout;

    public OneDnnTrainingGraph(CharModel model, int batchSize, int seqLength, int threads, StreamRange? streams = null)
    {
        var c = model.Config;
        if (c.Cell != CellType.Lstm) throw new ArgumentException($"the oneDNN engine trains LSTMs only, not {c.Cell}");
        if (batchSize < 1 || seqLength < 1) throw new ArgumentException($"batch size and sequence length must be positive, got {batchSize} and {seqLength}");
        if (threads < 0) throw new ArgumentException($"threads must be 0 (all cores) or positive, got {threads}");
        var share = streams ?? StreamRange.All(batchSize);
        if (share.First < 0 || share.Count < 1 || share.First + share.Count > batchSize)
            throw new ArgumentException($"streams [{share.First}, {share.First + share.Count}) are not a share of {batchSize}");
        Model = model; Streams = share;
        int workers = Math.Min(threads == 0 ? Environment.ProcessorCount : threads, share.Count);
        _workers = new OneDnnWorker[workers];
        for (int w = 0; w < workers; w++)
        {
            var part = StreamRange.Share(share.Count, w, workers);
            _workers[w] = new OneDnnWorker(c, model.Offsets, batchSize, seqLength, share.First + part.First, part.Count);
        }
        _workerGradients = WorkerGradients.Allocate(workers, model.Layout.TotalLength);
        _hidden = new float[c.Layers * 2 * batchSize * c.HiddenSize];
        _masks = c.Dropout > 0 ? new float[c.Layers * seqLength * batchSize * c.HiddenSize] : [];
        _inputs = new int[batchSize * seqLength];
        _targets = new int[batchSize * seqLength];
        _runWorker = RunWorker;
        _sumChunk = SumChunk;
        Kernels.Blas.SetThreads(1);
    }

    /// <summary>Carried state, [L, S, B, H].</summary>
    public float[] Hidden => _hidden;

    public void ResetHidden() => Array.Clear(_hidden);

    /// <summary>As TrainingGraph.ForwardBackward: overwrites gradients [P] with d(mean loss)/d(parameters) and
    /// returns the mean cross-entropy in nats/char (both over all T*B targets, of which a share's graph adds only its
    /// own streams' terms); dropout masks come from rng in the same order.</summary>
    public float ForwardBackward(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, float[] gradients, DeterministicRandom rng)
    {
        var c = Model.Config;
        if (gradients.Length != Model.Layout.TotalLength)
            throw new ArgumentException($"expected {Model.Layout.TotalLength} gradients, got {gradients.Length}");
        TrainingGraph.CheckBatch(inputs, targets, _inputs.Length, c.VocabSize);
        inputs.CopyTo(_inputs);
        targets.CopyTo(_targets);
        _callDropout = c.Dropout > 0;
        if (_callDropout) TrainingGraph.DrawMasks(_masks, c.Dropout, rng);
        _callGradients = gradients;
        if (_workers.Length == 1) RunWorker(0);
        else Parallel.For(0, _workers.Length, _runWorker);
        if (_workerGradients.Length > 0) Parallel.For(0, _workers.Length, _sumChunk);
        double loss = 0;
        foreach (var w in _workers) loss += w.LossSum;
        LastLossSum = loss;
        return (float)(loss / _inputs.Length);
    }

    private void RunWorker(int w)
    {
        var grads = w == 0 ? _callGradients! : _workerGradients[w - 1];
        fixed (float* p = Model.Parameters) fixed (float* g = grads) fixed (float* hidden = _hidden) fixed (float* masks = _masks)
        fixed (int* inputs = _inputs) fixed (int* targets = _targets)
            _workers[w].Run(p, g, inputs, targets, hidden, _callDropout ? masks : null, 1f / _inputs.Length);
    }

    private void SumChunk(int i) => WorkerGradients.SumChunk(_callGradients!, _workerGradients, _workers.Length, i);

    public void Dispose()
    {
        foreach (var w in _workers) w.Dispose();
    }
}
