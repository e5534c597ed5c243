using System.CommandLine;
using CharRnnLsp.Core.Backends.Selection;
using CharRnnLsp.Core.Model;
using CharRnnLsp.Core.Optim;

namespace CharRnnLsp.Training.Cli;

/// <summary>
/// Every option of `charrnn-train [train] PATH`, declared once (name, default, description, validation),
/// and their binding into the <see cref="TrainOptions"/> record the checkpoint stores.
/// </summary>
public sealed class TrainArguments
{
    public enum Preset { Tiny, Small, Medium, Large }
    public enum ProgressFormat { Text, Json }

    private readonly Argument<string?> _path = new("PATH") { Description = "a file or a directory tree (a codebase, a LaTeX tree)", Arity = ArgumentArity.ZeroOrOne };
    private readonly Option<string> _out = Declare.Text("--out", Path.Combine(".charrnn", "model.safetensors"), "best checkpoint; the newest state goes beside it as NAME.latest.safetensors", "FILE");
    private readonly Option<Choice<Preset>> _preset = Declare.Choice("--preset", Preset.Small, "model shape: tiny 1x64, small 2x128, medium 2x256, large 3x512 (embedding 32/64)");
    private readonly Option<Choice<CellType>> _cell = Declare.Choice("--cell", CellType.Lstm, "recurrent cell (PyTorch nn.LSTM / nn.GRU / nn.RNN numerics and names)");
    private readonly Option<int?> _layers = Declare.OptionalInt("--layers", "recurrent layers (default: from --preset)", 1, 64);
    private readonly Option<int?> _hidden = Declare.OptionalInt("--hidden", "hidden units per layer (default: from --preset)", 1, 1 << 14);
    private readonly Option<int?> _embedding = Declare.OptionalInt("--embedding", "embedding size (default: from --preset)", 1, 1 << 14);
    private readonly Option<float> _dropout = Declare.Float("--dropout", 0f, "dropout on every recurrent layer's output while training", 0f, 0.99f, "P");
    private readonly Option<float?> _forgetBias = Declare.OptionalFloat("--forget-bias", "start LSTM forget-gate biases at X (default: PyTorch's uniform init)", -10f, 10f);
    private readonly Option<int> _batch = Declare.Int("--batch", 50, "parallel streams", 1, 1 << 16);
    private readonly Option<int> _seq = Declare.Int("--seq", 50, "truncated-BPTT steps", 1, 1 << 16);
    private readonly Option<Choice<OptimizerKind>> _optimizer = Declare.Choice("--optimizer", OptimizerKind.Adam, "Adam (PyTorch defaults) or char-rnn's RMSProp (decay 0.95)");
    private readonly Option<float> _lr = Declare.Float("--lr", 2e-3f, "learning rate", 1e-9f, 10f);
    private readonly Option<float> _lrDecay = Declare.Float("--lr-decay", 0.97f, "multiply the rate by X once per epoch after --lr-decay-after epochs (1 = off)", 0.01f, 1f);
    private readonly Option<float> _lrDecayAfter = Declare.Float("--lr-decay-after", 10f, "epochs before the rate decays", 0f, helpName: "EPOCHS");
    private readonly Option<float> _gradClip = Declare.Float("--grad-clip", 5f, "clip the global gradient norm (0 = off)", 0f);
    private readonly Option<float> _trainFrac = Declare.Float("--train-frac", 0.9f, "fraction of the text for training (contiguous)", 0.01f, 1f);
    private readonly Option<float> _valFrac = Declare.Float("--val-frac", 0.05f, "fraction for validation; the rest is the test split", 0f, 0.99f);
    private readonly Option<long> _maxIters = Declare.Long("--max-iters", 0, "stop after N iterations (0 = no limit)");
    private readonly Option<float> _maxEpochs = Declare.Float("--max-epochs", 0f, "stop after X epochs (0 = no limit)", 0f);
    private readonly Option<TimeSpan?> _maxTime = Declare.Duration("--max-time", "stop after this wall-clock time, e.g. 90s, 15m, 1h30m (default: no limit); with no budget at all, it trains until stopped");
    private readonly Option<int> _evalEvery = Declare.Int("--eval-every", 200, "iterations between validation runs (each saves the best model and the newest state)", 1);
    private readonly Option<long> _evalChars = Declare.Long("--eval-chars", 200_000, "validation characters per evaluation (0 = the whole split)");
    private readonly Option<int> _patience = Declare.Int("--patience", 0, "stop after N evaluations without a better validation loss (0 = never)", 0);
    private readonly Option<int> _sampleEvery = Declare.Int("--sample-every", 1000, "iterations between samples while training (0 = never)", 0);
    private readonly Option<int> _sampleLength = Declare.Int("--sample-length", 200, "characters per sample", 1);
    private readonly Option<int> _logEvery = Declare.Int("--log-every", 10, "iterations between progress lines when output is not a terminal", 1);
    private readonly Option<int> _checkpointEvery = Declare.Int("--checkpoint-every", 0, "iterations between saves of the newest state (0 = at each evaluation)", 0);
    private readonly Option<long> _maxBytes = Declare.Long("--max-bytes", 0, "cap on the corpus size (0 = none)");
    private readonly Option<int> _vocabSize = Declare.Int("--vocab-size", 256, "most frequent code points kept; the rest map to <unk>", 2, 1 << 20);
    private readonly Option<long> _seed = Declare.Long("--seed", 1, "initialisation, dropout and training samples");
    private readonly Option<int> _threads = Declare.Int("--threads", 0, "CPU worker threads (0 = all cores; results are bit-reproducible for a given count)", 0, 256);
    private readonly Option<string> _device = Declare.Text("--device", "auto",
        "where to train: auto takes the first GPU when the CUDA driver, cuDNN 9, cuBLAS and NVRTC are found, else the CPU with oneDNN (libdnnl2, LSTM only) when it loads, else the managed CPU engine; cpu forces the managed one, onednn asks for oneDNN (the device: line says which and why)", "auto|cpu|onednn|cuda|cuda:N");
    private readonly Option<bool> _tf32 = Declare.Flag("--tf32", "on a GPU, let matrix products use TF32 tensor cores (faster, 10-bit mantissas)");
    private readonly Option<string?> _initFrom = Declare.OptionalText("--init-from", "fine-tune: start from these weights and vocabulary", "CKPT");
    private readonly Option<bool> _resume = Declare.Flag("--resume", "continue the run saved in NAME.latest.safetensors exactly where it stopped");
    private readonly Option<bool> _quiet = Declare.Flag("--quiet", "no progress lines, only evaluations");
    private readonly Option<bool> _noCache = Declare.Flag("--no-cache", "read and encode the corpus afresh instead of using (and writing) the encoded-corpus cache beside --out");
    private readonly Option<Choice<ProgressFormat>> _progress = Declare.Choice("--progress", ProgressFormat.Text, "text for people, or json: one JSON object per line (docs/training-progress.md)");
    private readonly CorpusFilterOptions _filters;

    /// <summary>Adds the PATH argument and every option to <paramref name="command"/>; <paramref name="hidden"/>
    /// keeps them out of its help (the root command, where `charrnn-train PATH` means `train PATH`).</summary>
    public TrainArguments(Command command, bool hidden = false)
    {
        command.Add(_path);
        _filters = new CorpusFilterOptions(command);
        Option[] options = [_out, _preset, _cell, _layers, _hidden, _embedding, _dropout, _forgetBias, _batch, _seq, _optimizer, _lr, _lrDecay,
            _lrDecayAfter, _gradClip, _trainFrac, _valFrac, _maxIters, _maxEpochs, _maxTime, _evalEvery, _evalChars, _patience, _sampleEvery,
            _sampleLength, _logEvery, _checkpointEvery, _maxBytes, _vocabSize, _seed, _threads, _device, _tf32, _initFrom, _resume, _quiet, _noCache, _progress];
        foreach (var option in options) command.Add(option);
        _device.CompletionSources.Add("auto", "cpu", "onednn", "cuda", "cuda:0");
        if (!hidden) return;
        _path.Hidden = true;
        foreach (var option in options.Concat(_filters.All)) option.Hidden = true;
    }

    /// <summary>Whether the command line asks for JSON progress, read from the raw tokens so that it is known
    /// even when the command line has errors (the error event then goes out as JSON too).</summary>
    public bool WantsJson(ParseResult parse)
        => parse.GetResult(_progress)?.Tokens is [.., var token] && token.Value.Equals("json", StringComparison.OrdinalIgnoreCase);

    public ProgressFormat Progress(ParseResult parse) => parse.GetValue(_progress).Value;

    public TrainOptions Bind(ParseResult parse)
    {
        string path = parse.GetValue(_path) ?? throw new UsageException("missing PATH: the file or directory to train on (see --help)");
        var shape = Shape(parse.GetValue(_preset));
        var options = new TrainOptions
        {
            CorpusPath = path,
            Out = parse.GetValue(_out)!,
            Include = parse.GetValue(_filters.Include) ?? [],
            Exclude = parse.GetValue(_filters.Exclude) ?? [],
            MaxFileBytes = parse.GetValue(_filters.MaxFileSize),
            MaxCorpusBytes = parse.GetValue(_maxBytes),
            Lossy = parse.GetValue(_filters.Lossy),
            NoGitIgnore = parse.GetValue(_filters.NoGitIgnore),
            VocabSize = parse.GetValue(_vocabSize),
            Cell = parse.GetValue(_cell),
            Layers = parse.GetValue(_layers) ?? shape.Layers,
            Hidden = parse.GetValue(_hidden) ?? shape.Hidden,
            Embedding = parse.GetValue(_embedding) ?? shape.Embedding,
            Dropout = parse.GetValue(_dropout),
            ForgetBias = parse.GetValue(_forgetBias),
            BatchSize = parse.GetValue(_batch),
            SeqLength = parse.GetValue(_seq),
            Optimizer = parse.GetValue(_optimizer),
            LearningRate = parse.GetValue(_lr),
            LearningRateDecay = parse.GetValue(_lrDecay),
            DecayAfterEpochs = parse.GetValue(_lrDecayAfter),
            GradClip = parse.GetValue(_gradClip),
            TrainFraction = parse.GetValue(_trainFrac),
            ValFraction = parse.GetValue(_valFrac),
            MaxIters = parse.GetValue(_maxIters),
            MaxEpochs = parse.GetValue(_maxEpochs),
            MaxTime = parse.GetValue(_maxTime),
            EvalEvery = parse.GetValue(_evalEvery),
            EvalChars = parse.GetValue(_evalChars),
            Patience = parse.GetValue(_patience),
            SampleEvery = parse.GetValue(_sampleEvery),
            SampleLength = parse.GetValue(_sampleLength),
            LogEvery = parse.GetValue(_logEvery),
            CheckpointEvery = parse.GetValue(_checkpointEvery),
            Seed = (ulong)parse.GetValue(_seed),
            Threads = parse.GetValue(_threads),
            Device = DeviceRequest.Parse(parse.GetValue(_device)!).ToString(),
            Tf32 = parse.GetValue(_tf32),
            InitFrom = parse.GetValue(_initFrom),
            Resume = parse.GetValue(_resume),
            Quiet = parse.GetValue(_quiet),
            NoCache = parse.GetValue(_noCache),
        };
        if (options.TrainFraction + options.ValFraction > 1.0 + 1e-9)
            throw new UsageException("--train-frac plus --val-frac must not exceed 1");
        if (options.Resume && options.InitFrom is not null)
            throw new UsageException("--resume and --init-from cannot be combined: resume continues a run, init-from starts a new one");
        return options;
    }

    private static (int Layers, int Hidden, int Embedding) Shape(Preset preset) => preset switch
    {
        Preset.Tiny => (1, 64, 32),
        Preset.Small => (2, 128, 64),
        Preset.Medium => (2, 256, 64),
        _ => (3, 512, 64),
    };
}
