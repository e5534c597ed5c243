using CharRnnLsp.Core.Data;
using CharRnnLsp.Core.Model;
using CharRnnLsp.Core.Optim;

namespace CharRnnLsp.Training;

/// <summary>Every knob of `charrnn-train train`, as the checkpoint stores it. The defaults live in one place, the
/// option declarations (Cli/TrainArguments.cs); a record built elsewhere states every value it needs.</summary>
public sealed record TrainOptions
{
    public required string CorpusPath { get; init; }
    public required string Out { get; init; }

    // corpus
    public List<string> Include { get; init; } = [];
    public List<string> Exclude { get; init; } = [];
    public long MaxFileBytes { get; init; }
    public long MaxCorpusBytes { get; init; }
    public bool Lossy { get; init; }
    public bool NoGitIgnore { get; init; }
    public int VocabSize { get; init; }

    // model
    public CellType Cell { get; init; }
    public int Layers { get; init; }
    public int Hidden { get; init; }
    public int Embedding { get; init; }
    public float Dropout { get; init; }
    public float? ForgetBias { get; init; }

    // optimisation
    public int BatchSize { get; init; }
    public int SeqLength { get; init; }
    public OptimizerKind Optimizer { get; init; }
    public float LearningRate { get; init; }
    public float LearningRateDecay { get; init; }
    public double DecayAfterEpochs { get; init; }
    public float GradClip { get; init; }
    public double TrainFraction { get; init; }
    public double ValFraction { get; init; }

    // budgets and reporting
    public long MaxIters { get; init; }
    public double MaxEpochs { get; init; }
    public TimeSpan? MaxTime { get; init; }
    public int EvalEvery { get; init; }
    public long EvalChars { get; init; }
    public int Patience { get; init; }
    public int SampleEvery { get; init; }
    public int SampleLength { get; init; }
    public int LogEvery { get; init; }
    public int CheckpointEvery { get; init; }

    // reproducibility and continuation
    public ulong Seed { get; init; }
    public int Threads { get; init; }
    /// <summary>--device: auto, cpu, onednn, cuda or cuda:N (see DeviceRequest).</summary>
    public required string Device { get; init; }
    /// <summary>--tf32: let the GPU multiply with TF32 tensor cores (faster, 10-bit mantissas).</summary>
    public bool Tf32 { get; init; }
    public string? InitFrom { get; init; }
    public bool Resume { get; init; }
    public bool Quiet { get; init; }
    /// <summary>--no-cache: read and encode the corpus every run instead of using <see cref="CorpusCacheDirectory"/>.</summary>
    public bool NoCache { get; init; }

    /// <summary>Where the newest state is kept for --resume: beside the best model, `NAME.latest.safetensors`.</summary>
    public string LatestPath => LatestPathFor(Out);

    public static string LatestPathFor(string outPath)
    {
        string dir = Path.GetDirectoryName(outPath) ?? "";
        string name = Path.GetFileNameWithoutExtension(outPath);
        return Path.Combine(dir, name + ".latest" + Path.GetExtension(outPath));
    }

    /// <summary>The encoded-corpus cache, beside the best model: `NAME.corpus-cache/` (tokens and manifest.json; a
    /// default exclude keeps every such folder out of corpora).</summary>
    public string CorpusCacheDirectory =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(Out)) ?? "", Path.GetFileNameWithoutExtension(Out) + ".corpus-cache");

    /// <summary>The corpus filters; an empty include/exclude list means the defaults.</summary>
    public CorpusOptions ToCorpusOptions() => CorpusFilters(Include, Exclude, MaxFileBytes, MaxCorpusBytes, Lossy, NoGitIgnore);

    public static CorpusOptions CorpusFilters(List<string> include, List<string> exclude, long maxFileBytes, long maxCorpusBytes, bool lossy, bool noGitIgnore) => new()
    {
        Includes = include.Count > 0 ? include : CorpusOptions.DefaultIncludes,
        Excludes = exclude.Count > 0 ? [.. CorpusOptions.DefaultExcludes, .. exclude] : CorpusOptions.DefaultExcludes,
        MaxFileBytes = maxFileBytes,
        MaxTotalBytes = maxCorpusBytes > 0 ? maxCorpusBytes : long.MaxValue,
        Lossy = lossy,
        UseGit = !noGitIgnore,
        UseGitIgnore = !noGitIgnore,
    };

    public ModelConfig ModelConfig(int vocabSize) => new(Cell, vocabSize, Embedding, Hidden, Layers, Dropout);

    public LearningRateSchedule Schedule => new(LearningRate, LearningRateDecay, DecayAfterEpochs);
}
