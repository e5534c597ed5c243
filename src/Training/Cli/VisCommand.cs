using System.CommandLine;
using CharRnnLsp.Core.Checkpoints;
using CharRnnLsp.Core.Data;
using CharRnnLsp.Core.Evaluation;
using CharRnnLsp.Training.Visualization;

namespace CharRnnLsp.Training.Cli;

/// <summary>`charrnn-train vis CKPT PATH`: the interpretable-cell finder and a self-contained HTML report.</summary>
public sealed class VisCommand
{
    private readonly Argument<string?> _checkpoint = new("CHECKPOINT") { Description = "a checkpoint written by charrnn-train", Arity = ArgumentArity.ZeroOrOne };
    private readonly Argument<string?> _path = new("PATH") { Description = "a file or tree to show the model on", Arity = ArgumentArity.ZeroOrOne };
    private readonly Option<string?> _out = Declare.OptionalText("--out", "the HTML report (default: CHECKPOINT with .html)", "FILE");
    private readonly Option<int> _chars = Declare.Int("--chars", 3000, "characters shown in the report", 1, 200_000);
    private readonly Option<int> _scanChars = Declare.Int("--scan-chars", 30_000, "characters the cell finder correlates over", 1);
    private readonly Option<int> _cells = Declare.Int("--cells", 3, "selective cells listed per feature", 1, 100);
    private readonly CorpusFilterOptions _filters;

    public Command Command { get; } = new("vis", "interpretable cells and an HTML visualization");

    public VisCommand(TextWriter output)
    {
        Command.Add(_checkpoint);
        Command.Add(_path);
        foreach (var option in (Option[])[_out, _chars, _scanChars, _cells]) Command.Add(option);
        _filters = new CorpusFilterOptions(Command);
        Command.SetAction(parse => Run(parse, output));
    }

    private int Run(ParseResult parse, TextWriter output)
    {
        int shown = parse.GetValue(_chars);
        int scanned = parse.GetValue(_scanChars);
        int perFeature = parse.GetValue(_cells);
        var corpusOptions = _filters.Read(parse);
        if (parse.GetValue(_checkpoint) is not { } checkpointPath || parse.GetValue(_path) is not { } path)
            throw new UsageException("vis needs CHECKPOINT and PATH (see vis --help)");
        string outPath = parse.GetValue(_out) ?? Path.ChangeExtension(checkpointPath, ".html");

        var checkpoint = Checkpoint.Load(checkpointPath);
        var model = checkpoint.ToModel();
        int[] tokens;
        using (var corpus = CorpusReader.Read(path, corpusOptions, new CorpusReading { Vocabulary = checkpoint.Vocabulary }))
            tokens = TokenSlices.All(corpus.Tokens).Head(Math.Max(shown, scanned));
        int[] codePoints = tokens.Select(t => checkpoint.Vocabulary.CodePoints[t]).ToArray();

        var trace = CellTrace.Record(model, tokens);
        var cells = CellFinder.Find(trace, TextFeatures.Compute(codePoints), model.Config.HiddenSize, perFeature);
        output.WriteLine($"most selective cells over {tokens.Length:N0} characters of {path}:");
        output.WriteLine("| feature | layer | cell | correlation |");
        output.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (var c in cells) output.WriteLine($"| {c.Feature} | {c.Layer} | {c.Unit} | {c.Correlation:+0.000;-0.000} |");

        string title = $"{Path.GetFileName(checkpointPath)} on {Path.GetFileName(Path.GetFullPath(path))}";
        string html = VisualizationPage.Render(title, model.Config, checkpoint.Vocabulary, tokens[..Math.Min(shown, tokens.Length)],
            trace, cells, CheckpointStore.ReadProgress(checkpoint));
        string? dir = Path.GetDirectoryName(Path.GetFullPath(outPath));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(outPath, html);
        output.WriteLine($"wrote {outPath}");
        return ExitCodes.Ok;
    }
}
