using CharRnnLsp.Core.Adaptation;
using Xunit;

namespace CharRnnLsp.Core.Tests.Adaptation;

public class MatchModelTests
{
    private static int[] T(string s) => s.Select(c => (int)c).ToArray();

    [Fact]
    public void PredictsWhatFollowedTheLongestEarlierMatch()
    {
        var match = new MatchModel(minLength: 6);
        match.Append(T("static int alpha_beta = 1;\nstatic int alpha_be"));
        Assert.Equal('t', match.Cursor.Predicted(match.Index));
        Assert.True(match.Cursor.Length >= 16, $"match length {match.Cursor.Length}");
    }

    [Fact]
    public void NoPredictionWithoutAnEarlierOccurrence()
    {
        var match = new MatchModel(minLength: 6);
        match.Append(T("static int alpha_beta = 1;\nvoid gamma"));
        Assert.Equal(-1, match.Cursor.Predicted(match.Index));
    }

    [Fact]
    public void TruncatedTextIsNoLongerMatched()
    {
        var match = new MatchModel(minLength: 6);
        var kept = T("int alpha_beta = 1;\n");
        match.Append(kept);
        match.Append(T("int gamma_delta = 2;\n"));
        match.Truncate(kept.Length);
        Assert.Equal(kept, match.Index.Text.ToArray());
        match.Append(T("x = gamma_delt"));
        Assert.Equal(-1, match.Cursor.Predicted(match.Index));   // gamma_delta was removed
        match.Append(T(" + alpha_bet"));
        Assert.Equal('a', match.Cursor.Predicted(match.Index));  // alpha_beta is still indexed
    }

    [Fact]
    public void ABranchCursorReadsPastTheEndWithoutChangingTheIndex()
    {
        var match = new MatchModel(minLength: 6);
        match.Append(T("call_function_one(x);\ncall_func"));
        int length = match.Index.Length;
        var branch = match.Cursor.Clone();
        foreach (int token in T("tion_one(")) branch.Advance(match.Index, token);
        Assert.Equal('x', branch.Predicted(match.Index));
        Assert.Equal(length, match.Index.Length);
        Assert.Equal('t', match.Cursor.Predicted(match.Index)); // the original cursor did not move
    }

    [Fact]
    public void ConfidenceGrowsWhenPredictionsComeTrue()
    {
        var match = new MatchModel(minLength: 6);
        match.Append(T("abcdefghij"));
        float before = match.Confidence(match.Cursor);
        for (int i = 0; i < 5; i++) match.Append(T("abcdefghij"));
        match.Append(T("abcdef"));
        Assert.True(match.Confidence(match.Cursor) > before, $"{match.Confidence(match.Cursor)} <= {before}");
    }
}
