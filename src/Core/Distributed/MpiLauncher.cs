namespace CharRnnLsp.Core.Distributed;

/// <summary>
/// Whether this process was started by an MPI launcher: Open MPI's mpirun sets OMPI_COMM_WORLD_SIZE, PMIx
/// launchers PMIX_RANK, Hydra/PMI ones PMI_SIZE. Decided from the environment alone, so outside a launcher no
/// MPI library is ever loaded.
/// </summary>
public static class MpiLauncher
{
    private static readonly string[] Variables = ["OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"];

    public static bool IsPresent(Func<string, string?> environment)
        => Variables.Any(name => !string.IsNullOrEmpty(environment(name)));

    /// <summary>Ranks on this machine (Open MPI's OMPI_COMM_WORLD_LOCAL_SIZE), 1 when not said.</summary>
    public static int LocalRanks(Func<string, string?> environment)
        => int.TryParse(environment("OMPI_COMM_WORLD_LOCAL_SIZE"), out int n) && n > 0 ? n : 1;

    /// <summary>This rank's place on its machine (Open MPI's OMPI_COMM_WORLD_LOCAL_RANK), 0 when not said.</summary>
    public static int LocalRank(Func<string, string?> environment)
        => int.TryParse(environment("OMPI_COMM_WORLD_LOCAL_RANK"), out int r) && r > 0 ? r : 0;
}
