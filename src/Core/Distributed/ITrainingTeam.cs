namespace CharRnnLsp.Core.Distributed;

/// <summary>
/// The processes (ranks) that train one model together, data-parallel: each takes a share of the batch's
/// streams, and these collectives keep them in step. Every rank calls them in the same order with the same
/// lengths. A single process is a team of one, whose collectives do nothing.
/// </summary>
public interface ITrainingTeam
{
    int Rank { get; }
    int Size { get; }
    /// <summary>Ranks on this machine, which share its cores.</summary>
    int LocalSize { get; }
    /// <summary>This rank's place among those on its machine, 0 ≤ LocalRank &lt; LocalSize: which GPU it takes.</summary>
    int LocalRank { get; }

    /// <summary>Replaces <paramref name="values"/> on every rank by their element-wise sum over the ranks.</summary>
    void SumInPlace(Span<float> values);

    /// <summary>Replaces <paramref name="values"/> on every rank by their element-wise sum over the ranks.</summary>
    void SumInPlace(Span<double> values);

    /// <summary>Copies rank <paramref name="root"/>'s bytes to every rank.</summary>
    void Broadcast(Span<byte> bytes, int root);
}

/// <summary>One process training alone.</summary>
public sealed class SoloTeam : ITrainingTeam
{
    public static readonly SoloTeam Instance = new();
    public int Rank => 0;
    public int Size => 1;
    public int LocalSize => 1;
    public int LocalRank => 0;
    public void SumInPlace(Span<float> values) { }
    public void SumInPlace(Span<double> values) { }
    public void Broadcast(Span<byte> bytes, int root) { }
}

public static class TrainingTeamExtensions
{
    /// <summary>Rank 0 prints, evaluates, samples and writes checkpoints.</summary>
    public static bool IsLeader(this ITrainingTeam team) => team.Rank == 0;

    /// <summary>Rank 0's <paramref name="decision"/>, on every rank (a stop that depends on the clock or a signal).</summary>
    public static bool FollowLeader(this ITrainingTeam team, bool decision)
    {
        Span<byte> flag = [decision ? (byte)1 : (byte)0];
        team.Broadcast(flag, root: 0);
        return flag[0] != 0;
    }

    /// <summary>This rank's share of <paramref name="batchSize"/> streams: contiguous, the first B mod N ranks one more.</summary>
    public static StreamRange StreamsOf(this ITrainingTeam team, int batchSize) => StreamRange.Share(batchSize, team.Rank, team.Size);
}
