using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Distributed;
using CharRnnLsp.Core.Model;
using CharRnnLsp.Core.Optim;

namespace CharRnnLsp.Core.Backends.Cuda;

/// <summary>
/// The CUDA engine: parameters, gradients and optimizer moments live on the GPU as flat buffers in
/// ParameterLayout order; an iteration queues forward, backward, clipping and the optimizer step on the
/// device's stream and waits once, to read the loss. The host model and optimizer are the checkpointable
/// copies, brought up to date by <see cref="SyncToHost"/>.
/// In a team of N ranks (one GPU each) a rank runs its share of the streams, and NCCL sums the gradients and the
/// loss over the ranks on the stream, between backward and clipping, so every rank takes the same step.
/// </summary>
internal sealed class CudaTrainingEngine : ITrainingEngine, IDeviceUpdateKernels
{
    private readonly CudaDevice _device;
    private readonly CharModel _model;
    private readonly Optimizer _optimizer;
    private readonly CudaTrainingGraph _graph;
    private readonly DeviceBuffer _parameters, _gradients;
    private readonly DeviceBuffer[] _moments;        // in the order of _optimizer.Moments
    private readonly DeviceBuffer _partials, _norm, _scale;
    private readonly ITrainingTeam _team;
    private readonly StreamRange _streams;                 // this rank's share of the batch's streams
    private readonly int _batchSize;
    private readonly NcclCommunicator? _nccl;              // null when training alone
    private readonly int[] _ownInputs, _ownTargets;         // [T, share] in a team, else empty
    private bool _reseedCudnnDropout = true; // at the first step, and at the first step after each SyncToHost

    public string Description => _device.Description + (_team.Size > 1 ? $", {_team.Size} ranks summing with NCCL" : "");

    public CudaTrainingEngine(CudaDevice device, CharModel model, Optimizer optimizer, int batchSize, int seqLength, ITrainingTeam? team = null)
    {
        (_device, _model, _optimizer, _team, _batchSize) = (device, model, optimizer, team ?? SoloTeam.Instance, batchSize);
        _streams = _team.StreamsOf(batchSize);
        device.MakeCurrent();
        _nccl = _team.Size > 1 ? NcclCommunicator.Join(device, _team) : null;
        _ownInputs = new int[_nccl is null ? 0 : _streams.Count * seqLength];
        _ownTargets = new int[_ownInputs.Length];
        long count = model.Parameters.Length;
        _parameters = DeviceBuffer.Floats(device, count);
        _parameters.Upload<float>(model.Parameters);
        _gradients = DeviceBuffer.Floats(device, count);
        _moments = optimizer.Moments.Values.Select(m =>
        {
            var buffer = DeviceBuffer.Floats(device, count);
            buffer.Upload<float>(m);
            return buffer;
        }).ToArray();
        _partials = new DeviceBuffer(device, CudaKernels.ReductionBlocks * sizeof(double));
        _norm = DeviceBuffer.Floats(device, 1);
        _scale = DeviceBuffer.Floats(device, 1);
        _graph = new CudaTrainingGraph(device, model, _parameters, _streams.Count, seqLength, training: true, meanOverTargets: batchSize * seqLength);
    }

    public float Step(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, float learningRate, float gradClip, DeterministicRandom dropoutRandom)
    {
        if (_nccl is null) _graph.ForwardBackward(inputs, targets, _gradients, NextDropoutSeed(dropoutRandom));
        else
        {
            _streams.Take(inputs, _batchSize, 1, _ownInputs);
            _streams.Take(targets, _batchSize, 1, _ownTargets);
            _graph.ForwardBackward(_ownInputs, _ownTargets, _gradients, NextDropoutSeed(dropoutRandom));
            _nccl.SumFloats(_gradients, _model.Parameters.Length);   // [P]
            _nccl.SumDoubles(_graph.LossSum, 1);                     // the summed loss, for the caller
        }
        var k = _device.Kernels;
        k.SumSquaresPartial(_gradients.Pointer, _model.Parameters.Length, _partials.Pointer);
        k.ClipScale(_partials.Pointer, CudaKernels.ReductionBlocks, gradClip, _norm.Pointer, _scale.Pointer);
        _optimizer.Step(this, learningRate);
        return (float)(_graph.ReadLossSum() / inputs.Length);
    }

    /// <summary>d(mean loss)/d(parameters) of one batch, without a step, training alone: the CPU/GPU agreement test's view.</summary>
    public float Gradients(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, float[] gradients, DeterministicRandom dropoutRandom)
    {
        _graph.ForwardBackward(inputs, targets, _gradients, NextDropoutSeed(dropoutRandom));
        _gradients.Download<float>(gradients);
        return (float)(_graph.ReadLossSum() / inputs.Length);
    }

    // The seed of this step's top-layer mask. cuDNN's generator (dropout between layers) keeps its state on the
    // device, where no checkpoint can hold it, so it is restarted from the run's dropout generator (which a
    // checkpoint does hold) at the first step and after every SyncToHost, the point a checkpoint is taken: a run
    // resumed from a checkpoint then draws the same masks as one that never stopped.
    // Every rank draws the same numbers from the run's generator (which keeps the ranks' generators in step and
    // checkpointable); each mixes its rank in, so the ranks' streams get independent masks, as one GPU's would.
    private ulong NextDropoutSeed(DeterministicRandom dropoutRandom)
    {
        if (_reseedCudnnDropout && _graph.HasCudnnDropout) _graph.ReseedCudnnDropout(OfThisRank(dropoutRandom.NextULong()));
        _reseedCudnnDropout = false;
        return OfThisRank(dropoutRandom.NextULong());
    }

    private ulong OfThisRank(ulong seed) => seed ^ (0xD1B54A32D192ED03UL * (ulong)_team.Rank);

    // The optimizer's update on the device buffers, scaled by the clipping factor the step left in _scale.
    void IDeviceUpdateKernels.AdamStep(float stepSize, float root2) => _device.Kernels.AdamStep(_parameters.Pointer,
        _gradients.Pointer, _moments[0].Pointer, _moments[1].Pointer, _model.Parameters.Length, stepSize, root2, _scale.Pointer);

    void IDeviceUpdateKernels.RmsPropStep(float learningRate) => _device.Kernels.RmsPropStep(_parameters.Pointer,
        _gradients.Pointer, _moments[0].Pointer, _model.Parameters.Length, learningRate, _scale.Pointer);

    public void ResetHidden() => _graph.ResetHidden();

    /// <summary>The whole batch's state [L, S, B, H]; a rank keeps its streams' part.</summary>
    public void LoadHidden(ReadOnlySpan<float> hidden)
    {
        if (_nccl is null) { _graph.UploadHidden(hidden); return; }
        var own = new float[hidden.Length / _batchSize * _streams.Count];
        _streams.Take(hidden, _batchSize, _model.Config.HiddenSize, own);
        _graph.UploadHidden(own);
    }

    public float[] SyncToHost()
    {
        _device.MakeCurrent();
        _reseedCudnnDropout = true;
        _parameters.Download<float>(_model.Parameters);
        int i = 0;
        foreach (var moment in _optimizer.Moments.Values) _moments[i++].Download<float>(moment);
        return _nccl is null ? _graph.DownloadHidden() : GatherHidden();
    }

    // [L, S, B, H]: each rank places its streams' state among zeros, so the sum over the ranks (MPI, on the host:
    // this runs only before checkpoints and evaluations) is every stream's state, exactly (x + 0 = x).
    private float[] GatherHidden()
    {
        var own = _graph.DownloadHidden();
        var whole = new float[own.Length / _streams.Count * _batchSize];
        _streams.Place<float>(own, _batchSize, _model.Config.HiddenSize, whole);
        _team.SumInPlace(whole);
        return whole;
    }

    public ILossGraph CreateLossGraph(int batchSize, int seqLength) => new LossGraph(_device, _model, _parameters, batchSize, seqLength);

    public void Dispose()
    {
        _nccl?.Dispose();
        _graph.Dispose();
        foreach (var buffer in (DeviceBuffer[])[_parameters, _gradients, .. _moments, _partials, _norm, _scale]) buffer.Dispose();
    }

    private sealed class LossGraph(CudaDevice device, CharModel model, DeviceBuffer parameters, int batchSize, int seqLength) : ILossGraph
    {
        private readonly CudaTrainingGraph _graph = new(device, model, parameters, batchSize, seqLength, training: false);
        public void ResetHidden() => _graph.ResetHidden();
        public double ForwardLoss(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets) => _graph.ForwardLoss(inputs, targets);
        public void Dispose() => _graph.Dispose();
    }
}
