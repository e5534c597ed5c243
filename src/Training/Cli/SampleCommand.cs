using CharRnnLsp.Core.Checkpoints;
using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Data;
using CharRnnLsp.Core.Files;
using CharRnnLsp.Core.Sampling;

namespace CharRnnLsp.Training.Cli;

/// <summary>`charrnn-train sample CKPT`: streams a continuation of a prime text to stdout.</summary>
public static class SampleCommand
{
    public const string Help = """
        usage: charrnn-train sample CHECKPOINT [options]
          --prime TEXT        text to start from (default: the start of a new file)
          --prime-file FILE   read the prime text from a file
          --length N          characters to generate (default 500)
          --temperature X     default 0.8; lower is more conservative
          --top-k N           sample among the N most likely characters (0 = all)
          --top-p X           sample among the most likely characters holding probability X (1 = all)
          --argmax            always take the most likely character
          --seed N            default: from the clock; fix it for reproducible samples
          --stop TEXT         stop after this text is produced (e.g. "\n\n")
        """;

    public static int Run(ArgumentReader args, TextWriter output)
    {
        string? prime = args.String("prime");
        string? primeFile = args.String("prime-file");
        int length = args.Int("length", 500, 0);
        var sampling = new SamplingOptions(
            args.Float("temperature", 0.8f, 1e-4f, 100f),
            args.Int("top-k", 0, 0),
            args.Float("top-p", 1f, 1e-6f, 1f),
            args.Flag("argmax"));
        ulong seed = (ulong)args.Long("seed", DateTime.UtcNow.Ticks);
        string? stop = args.String("stop")?.Replace("\\n", "\n").Replace("\\t", "\t");
        args.EnsureAllConsumed(maxPositionals: 1);
        if (args.Positionals.Count == 0) throw new UsageException("missing CHECKPOINT (see sample --help)");
        if (prime is not null && primeFile is not null) throw new UsageException("give --prime or --prime-file, not both");
        if (primeFile is not null)
        {
            if (!File.Exists(primeFile)) throw new UsageException($"--prime-file: {primeFile} does not exist");
            prime = RegularFile.ReadAllText(primeFile);
        }

        var checkpoint = Checkpoint.Load(args.Positionals[0]);
        var model = checkpoint.ToModel();
        var sampler = new Sampler(model, checkpoint.Vocabulary);
        var state = model.NewState();
        var logits = new float[model.Config.VocabSize];
        string separator = char.ConvertFromUtf32(Vocabulary.DocumentSeparatorCodePoint);
        sampler.Feed(state, separator + (prime ?? ""), logits);
        output.Write(prime);
        foreach (string symbol in sampler.Generate(state, logits, length, sampling, new DeterministicRandom(seed), stop))
        {
            output.Write(symbol == separator ? "\n" : symbol);
            output.Flush();
        }
        output.WriteLine();
        return ExitCodes.Ok;
    }
}
