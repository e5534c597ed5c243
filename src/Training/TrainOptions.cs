using CharRnnLsp.Core.Data;
using CharRnnLsp.Core.Model;
using CharRnnLsp.Core.Training;

namespace CharRnnLsp.Training;

/// <summary>Every knob of `charrnn-train train`, with defaults that work (see README for each).</summary>
public sealed record TrainOptions
{
    public required string CorpusPath { get; init; }
    public string Out { get; init; } = Path.Combine(".charrnn", "model.safetensors");

    // corpus
    public List<string> Include { get; init; } = [];
    public List<string> Exclude { get; init; } = [];
    public long MaxFileBytes { get; init; } = 1 << 20;
    public long MaxCorpusBytes { get; init; } = 0;
    public bool Lossy { get; init; }
    public bool NoGitIgnore { get; init; }
    public int VocabSize { get; init; } = 256;

    // model
    public CellType Cell { get; init; } = CellType.Lstm;
    public int Layers { get; init; } = 2;
    public int Hidden { get; init; } = 128;
    public int Embedding { get; init; } = 64;
    public float Dropout { get; init; }
    public float? ForgetBias { get; init; }

    // optimisation
    public int BatchSize { get; init; } = 50;
    public int SeqLength { get; init; } = 50;
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;
    public float LearningRate { get; init; } = 2e-3f;
    public float LearningRateDecay { get; init; } = 0.97f;
    public double DecayAfterEpochs { get; init; } = 10;
    public float GradClip { get; init; } = 5f;
    public double TrainFraction { get; init; } = 0.9;
    public double ValFraction { get; init; } = 0.05;

    // budgets and reporting
    public long MaxIters { get; init; }
    public double MaxEpochs { get; init; }
    public TimeSpan? MaxTime { get; init; }
    public int EvalEvery { get; init; } = 200;
    public long EvalChars { get; init; } = 200_000;
    public int Patience { get; init; }
    public int SampleEvery { get; init; } = 1000;
    public int SampleLength { get; init; } = 200;
    public int LogEvery { get; init; } = 10;
    public int CheckpointEvery { get; init; }

    // reproducibility and continuation
    public ulong Seed { get; init; } = 1;
    public int Threads { get; init; }
    /// <summary>--device: auto, cpu, cuda or cuda:N (see DeviceRequest).</summary>
    public string Device { get; init; } = "auto";
    /// <summary>--tf32: let the GPU multiply with TF32 tensor cores (faster, 10-bit mantissas).</summary>
    public bool Tf32 { get; init; }
    public string? InitFrom { get; init; }
    public bool Resume { get; init; }
    public bool Quiet { get; init; }

    /// <summary>Where the newest state is kept for --resume: beside the best model, `NAME.latest.safetensors`.</summary>
    public string LatestPath => LatestPathFor(Out);

    public static string LatestPathFor(string outPath)
    {
        string dir = Path.GetDirectoryName(outPath) ?? "";
        string name = Path.GetFileNameWithoutExtension(outPath);
        return Path.Combine(dir, name + ".latest" + Path.GetExtension(outPath));
    }

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
