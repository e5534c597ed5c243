using System.CommandLine;
using System.CommandLine.Parsing;

namespace CharRnnLsp.Training.Cli;

/// <summary>
/// Turns System.CommandLine's parse errors into the one line the user gets: what is wrong and with which
/// option. Its own wording for an unknown token, a missing value or a repeated option is replaced by
/// ours; the validation messages of <see cref="Declare"/> and the verbs pass through.
/// </summary>
public static class ParseErrors
{
    /// <summary>The first problem of the command line, or null when it parsed.</summary>
    public static string? FirstProblem(ParseResult parse)
    {
        if (parse.UnmatchedTokens.Count > 0)
        {
            string token = parse.UnmatchedTokens[0];
            return token.StartsWith('-') && token.Length > 1
                ? $"unknown option '{token.Split('=')[0]}' (see --help)"
                : $"unexpected argument '{token}' (see --help)";
        }
        if (parse.Errors.Count == 0) return null;
        var error = parse.Errors[0];
        var option = error.SymbolResult as OptionResult ?? (error.SymbolResult as ArgumentResult)?.Parent as OptionResult;
        if (option is not null)
        {
            string name = option.Option.Name;
            if (option.IdentifierTokenCount > 1 && option.Option.Arity.MaximumNumberOfValues == 1) return $"{name} is given more than once; give it once";
            if (option.Tokens.Count == 0 && option.Option.Arity.MinimumNumberOfValues > 0) return $"{name} needs a value";
        }
        return error.Message;
    }
}
