using System.CommandLine;
using CharRnnLsp.Core.Data;

namespace CharRnnLsp.Training.Cli;

/// <summary>The corpus filter options that train, eval and vis share: declared once, added to each verb.</summary>
public sealed class CorpusFilterOptions
{
    public Option<List<string>> Include { get; } = Declare.Repeated("--include", "read only files matching GLOB (repeatable; default: source and TeX files)", "GLOB");
    public Option<List<string>> Exclude { get; } = Declare.Repeated("--exclude", "skip files matching GLOB (repeatable)", "GLOB");
    public Option<long> MaxFileSize { get; } = Declare.Long("--max-file-size", 1 << 20, "larger files are skipped", min: 1, helpName: "BYTES");
    public Option<bool> Lossy { get; } = Declare.Flag("--lossy", "decode invalid UTF-8 with U+FFFD instead of skipping the file");
    public Option<bool> NoGitIgnore { get; } = Declare.Flag("--no-gitignore", "read every file the filters accept, ignoring .gitignore and git ls-files");

    public IReadOnlyList<Option> All => [Include, Exclude, MaxFileSize, Lossy, NoGitIgnore];

    public CorpusFilterOptions(Command command)
    {
        foreach (var option in All) command.Add(option);
    }

    public CorpusOptions Read(ParseResult parse) => TrainOptions.CorpusFilters(
        parse.GetValue(Include) ?? [], parse.GetValue(Exclude) ?? [], parse.GetValue(MaxFileSize), 0,
        parse.GetValue(Lossy), parse.GetValue(NoGitIgnore));
}
