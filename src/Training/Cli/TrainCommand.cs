using CharRnnLsp.Core.Model;
using CharRnnLsp.Core.Training;

namespace CharRnnLsp.Training.Cli;

/// <summary>`charrnn-train [train] PATH [options]`: reads options into TrainOptions and runs a session.</summary>
public static class TrainCommand
{
    public const string Help = """
        usage: charrnn-train [train] PATH [options]
          PATH                   a file or a directory tree (a codebase, a LaTeX tree)
          --out FILE             best checkpoint (default .charrnn/model.safetensors; newest state beside it as
                                 NAME.latest.safetensors)
          --preset NAME          tiny (1x64), small (2x128, default), medium (2x256), large (3x512)
          --cell lstm|gru|rnn    recurrent cell (default lstm)
          --layers N --hidden N --embedding N --dropout P
          --forget-bias X        start LSTM forget-gate biases at X (default: PyTorch's uniform init)
          --batch N              parallel streams (default 50)      --seq N   truncated BPTT steps (default 50)
          --optimizer adam|rmsprop  --lr X (default 0.002)  --lr-decay X (default 0.97 per epoch)
          --lr-decay-after EPOCHS (default 10)  --grad-clip X (global norm, default 5, 0 = off)
          --train-frac X (default 0.9)  --val-frac X (default 0.05; the rest is the test split)
          --max-iters N  --max-epochs X  --max-time DURATION (e.g. 90s, 15m, 1h)
          --eval-every N (default 200)  --eval-chars N (default 200000, 0 = whole split)
          --patience N           stop after N evaluations without a better validation loss (0 = never)
          --sample-every N (default 1000, 0 = never)  --sample-length N (default 200)
          --log-every N (default 10)  --checkpoint-every N (default: at every evaluation)
          --include GLOB  --exclude GLOB (repeatable)  --max-file-size BYTES (default 1048576)
          --max-bytes N (cap on corpus size, 0 = none)  --lossy (decode invalid UTF-8 with U+FFFD)
          --no-gitignore         read every file the filters accept, ignoring .gitignore and git ls-files
          --vocab-size N (default 256, most frequent code points; the rest map to <unk>)
          --seed N (default 1)  --threads N (CPU threads, default: all cores)
          --device auto|cpu|cuda|cuda:N  where to train (default auto: the first GPU when the CUDA driver,
                                 cuDNN 9, cuBLAS and NVRTC are found, else the CPU; the log says which and why)
          --tf32                 on a GPU, let matrix products use TF32 tensor cores (faster, less exact)
          --init-from CKPT       start from these weights (fine-tune); the vocabulary comes from CKPT
          --resume               continue the run saved in NAME.latest.safetensors exactly where it stopped
          --quiet                no progress line, only evaluations
        """;

    public static TrainOptions Parse(ArgumentReader args)
    {
        var preset = Preset(args.String("preset", "small"));
        var options = new TrainOptions
        {
            CorpusPath = "",
            Out = args.String("out", Path.Combine(".charrnn", "model.safetensors")),
            Include = args.Strings("include"),
            Exclude = args.Strings("exclude"),
            MaxFileBytes = args.Long("max-file-size", 1 << 20, 1),
            MaxCorpusBytes = args.Long("max-bytes", 0),
            Lossy = args.Flag("lossy"),
            NoGitIgnore = args.Flag("no-gitignore"),
            VocabSize = args.Int("vocab-size", 256, 2, 1 << 20),
            Cell = args.Enum("cell", CellType.Lstm),
            Layers = args.Int("layers", preset.Layers, 1, 64),
            Hidden = args.Int("hidden", preset.Hidden, 1, 1 << 14),
            Embedding = args.Int("embedding", preset.Embedding, 1, 1 << 14),
            Dropout = args.Float("dropout", 0f, 0f, 0.99f),
            ForgetBias = args.OptionalFloat("forget-bias", -10f, 10f),
            BatchSize = args.Int("batch", 50, 1, 1 << 16),
            SeqLength = args.Int("seq", 50, 1, 1 << 16),
            Optimizer = args.Enum("optimizer", OptimizerKind.Adam),
            LearningRate = args.Float("lr", 2e-3f, 1e-9f, 10f),
            LearningRateDecay = args.Float("lr-decay", 0.97f, 0.01f, 1f),
            DecayAfterEpochs = args.Float("lr-decay-after", 10f, 0f),
            GradClip = args.Float("grad-clip", 5f, 0f),
            TrainFraction = args.Float("train-frac", 0.9f, 0.01f, 1f),
            ValFraction = args.Float("val-frac", 0.05f, 0f, 0.99f),
            MaxIters = args.Long("max-iters", 0),
            MaxEpochs = args.Float("max-epochs", 0f, 0f),
            MaxTime = args.Duration("max-time"),
            EvalEvery = args.Int("eval-every", 200, 1),
            EvalChars = args.Long("eval-chars", 200_000),
            Patience = args.Int("patience", 0, 0),
            SampleEvery = args.Int("sample-every", 1000, 0),
            SampleLength = args.Int("sample-length", 200, 1),
            LogEvery = args.Int("log-every", 10, 1),
            CheckpointEvery = args.Int("checkpoint-every", 0, 0),
            Seed = (ulong)args.Long("seed", 1),
            Threads = args.Int("threads", 0, 0, 256),
            Device = DeviceRequest.Parse(args.String("device", "auto")).ToString(),
            Tf32 = args.Flag("tf32"),
            InitFrom = args.String("init-from"),
            Resume = args.Flag("resume"),
            Quiet = args.Flag("quiet"),
        };
        if (options.TrainFraction + options.ValFraction > 1.0 + 1e-9)
            throw new UsageException("--train-frac plus --val-frac must not exceed 1");
        if (options.Resume && options.InitFrom is not null)
            throw new UsageException("--resume and --init-from cannot be combined: resume continues a run, init-from starts a new one");
        args.EnsureAllConsumed(maxPositionals: 1);
        var positionals = args.Positionals;
        if (positionals.Count == 0) throw new UsageException("missing PATH: the file or directory to train on (see --help)");
        return options with { CorpusPath = positionals[0] };
    }

    private static (int Layers, int Hidden, int Embedding) Preset(string name) => name.ToLowerInvariant() switch
    {
        "tiny" => (1, 64, 32),
        "small" => (2, 128, 64),
        "medium" => (2, 256, 64),
        "large" => (3, 512, 64),
        _ => throw new UsageException($"--preset must be one of tiny, small, medium, large, got '{name}'"),
    };
}
