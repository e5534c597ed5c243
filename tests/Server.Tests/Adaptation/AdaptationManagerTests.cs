using CharRnnLsp.Core.Adaptation;
using CharRnnLsp.Server.Completion.Adaptation;
using CharRnnLsp.Server.Model;
using CharRnnLsp.Server.Settings;

namespace CharRnnLsp.Server.Tests.Adaptation;

public class AdaptationManagerTests
{
    private static readonly string Text = string.Concat(Enumerable.Repeat(AdaptationFixture.Corpus, 6));

    [Fact]
    public void Each_publication_is_a_new_model_with_a_higher_version_and_the_trained_weights_stay_as_they_were()
    {
        var f = new AdaptationFixture();
        var document = f.Open("file:///a.c", Text);
        Assert.Same(f.Trained, f.Manager.ModelFor(document, f.Served).Model); // nothing read yet
        Assert.True(f.RunUntilIdle() > 0);
        var first = f.Manager.StateOf("file:///a.c")!.Published!;
        Assert.True(first.IsAdapted);
        Assert.True(first.AdaptationVersion > 0);
        Assert.True(first.Model.Version > f.Served.Version << 32);
        Assert.Same(first.Model, f.Manager.ModelFor(document, f.Served));
        Assert.Equal("adapted", f.Manager.StatusOf("file:///a.c")!.State);

        var edited = f.Edit("file:///a.c", 100, 0, "\tn += 2;\n");
        f.RunUntilIdle();
        var second = f.Manager.StateOf("file:///a.c")!.Published!;
        Assert.NotSame(first.Model, second.Model);
        Assert.True(second.AdaptationVersion > first.AdaptationVersion);
        Assert.True(second.Model.Version > first.Model.Version);
        Assert.Same(second.Model, f.Manager.ModelFor(edited, f.Served));
        Assert.NotEqual(f.TrainedWeights, ((ILstmCompletionModel)second.Model.Model).Network.Parameters);
        Assert.Equal(f.TrainedWeights, f.Trained.Network.Parameters);
    }

    [Fact]
    public void Only_the_most_recently_used_documents_keep_adapted_weights()
    {
        var f = new AdaptationFixture(new ServerSettings { MaxAdaptedDocuments = 2 });
        var a = f.Open("file:///a.c", Text);
        f.Open("file:///b.c", Text);
        f.RunUntilIdle();
        Assert.NotSame(f.Trained, f.Manager.ModelFor(a, f.Served).Model);
        f.Open("file:///c.c", Text);
        Assert.Equal(2, f.Manager.AdaptedDocumentCount);
        Assert.Null(f.Manager.StatusOf("file:///a.c"));
        Assert.Same(f.Trained, f.Manager.ModelFor(a, f.Served).Model);
        Assert.NotNull(f.Manager.StatusOf("file:///b.c"));

        f.Edit("file:///a.c", 0, 0, "/* back */\n");  // used again: it starts over, and b (now least recent) goes
        Assert.NotNull(f.Manager.StatusOf("file:///a.c"));
        Assert.Null(f.Manager.StatusOf("file:///b.c"));
    }

    [Fact]
    public void A_diverging_adaptation_serves_the_trained_weights_and_logs_one_line()
    {
        // Any segment loss above 1e-3 nats/char counts as diverged: every segment of an untrained model does.
        var f = new AdaptationFixture(dynamic: new DynamicEvaluationOptions(SegmentLength: 16, DivergenceLoss: 1e-3f));
        var document = f.Open("file:///a.c", Text);
        f.RunUntilIdle();
        Assert.Same(f.Trained, f.Manager.ModelFor(document, f.Served).Model);
        var status = f.Manager.StatusOf("file:///a.c")!;
        Assert.Equal("diverged", status.State);
        Assert.Contains("diverged", status.Reason);
        var line = Assert.Single(f.Log.Lines);
        Assert.Contains("file:///a.c", line);
        Assert.DoesNotContain('\n', line);
        Assert.Equal(f.TrainedWeights, f.Trained.Network.Parameters);
    }

    [Fact]
    public void A_read_that_throws_serves_the_trained_weights_logs_one_line_and_does_not_retry_until_an_edit()
    {
        // A segment of 1 is refused by the engine when the first read starts: the failure path, not a divergence.
        var f = new AdaptationFixture(dynamic: new DynamicEvaluationOptions(SegmentLength: 1));
        var document = f.Open("file:///a.c", Text);
        f.RunUntilIdle();
        Assert.False(f.Manager.RunOnce(CancellationToken.None)); // idle: the failed document is not read in a loop
        Assert.Same(f.Trained, f.Manager.ModelFor(document, f.Served).Model);
        var status = f.Manager.StatusOf("file:///a.c")!;
        Assert.Equal("diverged", status.State);
        Assert.Contains("segment length", status.Reason);
        var line = Assert.Single(f.Log.Lines);
        Assert.Contains("file:///a.c failed", line);
        f.Documents.Close("file:///a.c");
        Assert.Equal(0, f.Manager.AdaptedDocumentCount);
    }

    [Fact]
    public void An_edit_before_the_read_position_cancels_the_read_and_the_rest_is_read_later()
    {
        var f = new AdaptationFixture(chunk: 64);
        f.Open("file:///a.c", Text);
        f.RunOnceReading();
        f.Edit("file:///a.c", 10, 0, "x");
        var state = f.Manager.StateOf("file:///a.c")!;
        Assert.Equal(1, state.CancelledReads);
        Assert.Equal("adapting", f.Manager.StatusOf("file:///a.c")!.State);
        f.RunUntilIdle();
        Assert.Equal("adapted", f.Manager.StatusOf("file:///a.c")!.State);
        Assert.Equal(Text.Length + 1, f.Manager.StatusOf("file:///a.c")!.DocumentChars);
        // Everything was read once, and the edited region again.
        Assert.True(state.AdaptedChars >= Text.Length);
    }

    [Fact]
    public void An_edit_ahead_of_the_read_position_lets_the_read_go_on()
    {
        var f = new AdaptationFixture(chunk: 64);
        f.Open("file:///a.c", Text);
        f.RunOnceReading();
        f.Edit("file:///a.c", Text.Length - 5, 0, "y");
        f.RunUntilIdle();
        Assert.Equal(0, f.Manager.StateOf("file:///a.c")!.CancelledReads);
        Assert.Equal("adapted", f.Manager.StatusOf("file:///a.c")!.State);
    }

    [Fact]
    public void Switching_adaptation_off_serves_the_trained_weights_and_keeps_mixing()
    {
        var f = new AdaptationFixture();
        var document = f.Open("file:///a.c", Text);
        f.RunUntilIdle();
        f.Settings.Replace(f.Settings.Current with { Adaptation = false });
        f.RunUntilIdle();
        Assert.Same(f.Trained, f.Manager.ModelFor(document, f.Served).Model);
        Assert.Equal("static", f.Manager.StatusOf("file:///a.c")!.State);
        var experts = f.Manager.ExpertsFor(document, 200, f.Manager.ModelFor(document, f.Served));
        Assert.NotNull(experts);
        experts!.Value.Lease.Dispose();
    }
}

internal static class FixtureSteps
{
    /// <summary>Builds the experts if wanted, then reads exactly one chunk.</summary>
    public static void RunOnceReading(this AdaptationFixture f)
    {
        var state = f.Manager.StateOf("file:///a.c")!;
        while (state.ExpertsWanted) f.Manager.RunOnce(CancellationToken.None);
        Assert.True(f.Manager.RunOnce(CancellationToken.None));
        Assert.True(state.Reading);
    }
}
