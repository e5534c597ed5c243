using CharRnnLsp.Core.Distributed;
using CharRnnLsp.Core.Kernels;
using CharRnnLsp.Core.Model;
using CharRnnLsp.Core.Optim;

namespace CharRnnLsp.Core.Backends.Cpu;

/// <summary>The step after forward and backward, shared by the engines that train on the host arrays (managed,
/// oneDNN): in a team of N ranks, each graph ran this rank's streams (<see cref="Streams"/>), so the gradients and
/// the loss are summed over the ranks first and every rank takes the same step; then clipping and the optimizer.
/// Alone (a team of one) the sums are skipped.</summary>
internal sealed class HostTeamStep(CharModel model, Optimizer optimizer, ITrainingTeam team, int batchSize, int seqLength)
{
    private readonly double[] _lossSum = new double[1];

    /// <summary>The flat gradient buffer [P] the graph writes.</summary>
    public float[] Gradients { get; } = new float[model.Parameters.Length];

    /// <summary>The streams this rank's graph runs: all of them when alone.</summary>
    public StreamRange Streams { get; } = team.StreamsOf(batchSize);

    /// <summary>" per rank, N MPI ranks" for an engine's description, empty alone.</summary>
    public string RanksDescription => team.Size > 1 ? $" per rank, {team.Size} MPI ranks" : "";

    /// <summary><paramref name="loss"/>: the graph's mean loss over all B*T targets; <paramref name="lossSum"/>: its
    /// summed loss (this rank's streams only). Returns the whole batch's mean loss; a non-finite one leaves the
    /// parameters as they were, and the caller stops.</summary>
    public float Apply(float loss, double lossSum, float learningRate, float gradClip)
    {
        if (team.Size > 1) loss = SumOverRanks(lossSum);
        if (!float.IsFinite(loss)) return loss;
        GradientClipping.ClipGlobalNorm(Gradients, gradClip);
        optimizer.Step(model.Parameters, Gradients, learningRate);
        return loss;
    }

    // One all-reduce of the flat gradient buffer [P], one of the summed loss (double, as the graphs keep it).
    private float SumOverRanks(double lossSum)
    {
        team.SumInPlace(Gradients);
        _lossSum[0] = lossSum;
        team.SumInPlace(_lossSum);
        return (float)(_lossSum[0] / (batchSize * seqLength));
    }

    /// <summary>Every stream's carried state [L, S, B, H]: the graph's own array alone, gathered from the ranks in a team.</summary>
    public float[] SyncToHost(float[] hidden) => team.Size > 1 ? GatherHidden(hidden) : hidden;

    // Each rank contributes its own streams' columns and zeros elsewhere, so the sum over the ranks is every
    // stream's state, exactly (x + 0 = x).
    private float[] GatherHidden(float[] hidden)
    {
        var gathered = new float[hidden.Length];
        int h = model.Config.HiddenSize;
        for (int block = 0; block < gathered.Length; block += batchSize * h)
        {
            int at = block + Streams.First * h, length = Streams.Count * h;
            Array.Copy(hidden, at, gathered, at, length);
        }
        team.SumInPlace(gathered);
        return gathered;
    }
}
