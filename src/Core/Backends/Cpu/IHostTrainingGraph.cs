using CharRnnLsp.Core.Common;

namespace CharRnnLsp.Core.Backends.Cpu;

/// <summary>A CPU training graph (managed or oneDNN) as <see cref="HostTrainingEngine"/> drives it: forward and
/// backward over this rank's streams into host arrays, with the carried state kept in <see cref="Hidden"/>.</summary>
internal interface IHostTrainingGraph : IDisposable
{
    /// <summary>Workers actually used.</summary>
    int Threads { get; }
    /// <summary>Carried state [L][2][B][H] (h then c).</summary>
    float[] Hidden { get; }
    /// <summary>Sum of the last call's cross-entropy terms (this rank's streams), in double.</summary>
    double LastLossSum { get; }
    void ResetHidden();
    /// <summary>inputs, targets: time-major [T*B]; overwrites gradients [P] with d(mean loss)/d(parameters) and returns the mean loss.</summary>
    float ForwardBackward(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, float[] gradients, DeterministicRandom rng);
}
