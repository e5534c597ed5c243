using CharRnnLsp.Core.Data;

namespace CharRnnLsp.Training.Cli;

/// <summary>The corpus filter options that eval and vis share with training.</summary>
public static class CorpusFilterOptions
{
    public static CorpusOptions Read(ArgumentReader args) => TrainOptions.CorpusFilters(
        args.Strings("include"), args.Strings("exclude"), args.Long("max-file-size", 1 << 20, 1), 0, args.Flag("lossy"), args.Flag("no-gitignore"));
}
