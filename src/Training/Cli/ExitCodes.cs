namespace CharRnnLsp.Training.Cli;

/// <summary>Distinct exit codes so scripts can tell failures apart.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int InternalError = 1;
    public const int Usage = 2;
    public const int Corpus = 3;
    public const int Checkpoint = 4;
    public const int Io = 5;
    /// <summary>--device cuda asked for a GPU that cannot be used (no driver, library or device), or a CUDA call failed.</summary>
    public const int Device = 6;
    /// <summary>Under an MPI launcher: Open MPI's library is missing, an MPI call failed, or the launcher ended the job.</summary>
    public const int Mpi = 7;
    public const int Interrupted = 130;
}
