using CharRnnLsp.Core.Checkpoints;
using CharRnnLsp.Core.Data;
using CharRnnLsp.Core.Evaluation;
using CharRnnLsp.Training.Visualization;

namespace CharRnnLsp.Training.Cli;

/// <summary>`charrnn-train vis CKPT PATH`: the interpretable-cell finder and a self-contained HTML report.</summary>
public static class VisCommand
{
    public const string Help = """
        usage: charrnn-train vis CHECKPOINT PATH [options]
          --out FILE         the HTML report (default: CHECKPOINT with .html)
          --chars N          characters shown in the report (default 3000)
          --scan-chars N     characters the cell finder correlates over (default 30000)
          --cells N          selective cells listed per feature (default 3)
          --include/--exclude/--max-file-size/--lossy   as for training
        """;

    public static int Run(ArgumentReader args, TextWriter output)
    {
        string? outPath = args.String("out");
        int shown = args.Int("chars", 3000, 1, 200_000);
        int scanned = args.Int("scan-chars", 30_000, 1);
        int perFeature = args.Int("cells", 3, 1, 100);
        var corpusOptions = CorpusFilterOptions.Read(args);
        args.EnsureAllConsumed(maxPositionals: 2);
        if (args.Positionals.Count < 2) throw new UsageException("vis needs CHECKPOINT and PATH (see vis --help)");
        string checkpointPath = args.Positionals[0];
        outPath ??= Path.ChangeExtension(checkpointPath, ".html");

        var checkpoint = Checkpoint.Load(checkpointPath);
        var model = checkpoint.ToModel();
        var corpus = CorpusReader.Read(args.Positionals[1], corpusOptions);
        int[] tokens = checkpoint.Vocabulary.Encode(corpus.Text);
        tokens = tokens[..Math.Min(tokens.Length, Math.Max(shown, scanned))];
        int[] codePoints = tokens.Select(t => checkpoint.Vocabulary.CodePoints[t]).ToArray();

        var trace = CellTrace.Record(model, tokens);
        var cells = CellFinder.Find(trace, TextFeatures.Compute(codePoints), model.Config.HiddenSize, perFeature);
        output.WriteLine($"most selective cells over {tokens.Length:N0} characters of {args.Positionals[1]}:");
        output.WriteLine("| feature | layer | cell | correlation |");
        output.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (var c in cells) output.WriteLine($"| {c.Feature} | {c.Layer} | {c.Unit} | {c.Correlation:+0.000;-0.000} |");

        string title = $"{Path.GetFileName(checkpointPath)} on {Path.GetFileName(Path.GetFullPath(args.Positionals[1]))}";
        string html = VisualizationPage.Render(title, model.Config, checkpoint.Vocabulary, tokens[..Math.Min(shown, tokens.Length)],
            trace, cells, CheckpointStore.ReadProgress(checkpoint));
        string? dir = Path.GetDirectoryName(Path.GetFullPath(outPath));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(outPath, html);
        output.WriteLine($"wrote {outPath}");
        return ExitCodes.Ok;
    }
}
