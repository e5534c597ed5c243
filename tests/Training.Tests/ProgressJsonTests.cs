using System.Text.Json;
using Xunit;

namespace CharRnnLsp.Training.Tests;

/// <summary>`--progress json` as a tool reads it: every stdout line is one JSON object with an "event".</summary>
public class ProgressJsonTests
{
    [Fact]
    public void EveryLineIsAnEventFromReadingToStopped()
    {
        string corpus = CliRunner.CopyOfOwnSources();
        string outPath = Path.Combine(Directory.CreateTempSubdirectory("charrnn-json-").FullName, "m.safetensors");
        var (code, stdout, stderr) = CliRunner.Run([corpus, "--out", outPath, "--progress", "json", "--max-iters", "40", "--eval-every", "20",
            "--sample-every", "40", "--sample-length", "30", "--log-every", "10", "--hidden", "16", "--embedding", "8", "--layers", "1",
            "--batch", "4", "--seq", "16", "--threads", "1"]);
        Assert.True(code == 0, stderr + stdout);

        var events = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        string[] kinds = events.Select(e => e.GetProperty("event").GetString()!).ToArray();
        // Reading reports its progress, the last time finished, then the summary.
        int reading = Array.IndexOf(kinds, "reading");
        Assert.True(reading > 0 && kinds[..reading].All(k => k == "readingProgress"), string.Join(",", kinds[..Math.Max(reading, 0)]));
        var readDone = events[reading - 1];
        Assert.True(readDone.GetProperty("finished").GetBoolean());
        Assert.Equal(readDone.GetProperty("totalFiles").GetInt32(), readDone.GetProperty("filesDone").GetInt32());
        Assert.True(readDone.GetProperty("bytesDone").GetInt64() > 0);
        events = events[reading..];
        kinds = kinds[reading..];
        Assert.Equal("reading", kinds[0]);
        Assert.Equal("started", kinds[1]);
        Assert.Equal("stopped", kinds[^1]);
        Assert.Equal(4, kinds.Count(k => k == "iteration"));
        Assert.Equal(2, kinds.Count(k => k == "evaluation"));
        Assert.Single(kinds, "sample");

        Assert.True(events[0].GetProperty("corpus").GetProperty("fileCount").GetInt32() > 10);
        var lastIteration = events.Last(e => e.GetProperty("event").GetString() == "iteration");
        Assert.Equal(40, lastIteration.GetProperty("iteration").GetInt64());
        Assert.True(lastIteration.GetProperty("loss").GetDouble() > 0);
        Assert.True(lastIteration.GetProperty("etaSeconds").GetDouble() >= 0); // --max-iters is a budget
        var evaluation = events.First(e => e.GetProperty("event").GetString() == "evaluation");
        Assert.Equal(evaluation.GetProperty("valLoss").GetDouble() / Math.Log(2), evaluation.GetProperty("bitsPerChar").GetDouble(), 9);
        Assert.True(evaluation.GetProperty("improved").GetBoolean()); // the first one always is
        var saves = events.Where(e => e.GetProperty("event").GetString() == "saved").ToList();
        Assert.Contains(saves, s => s.GetProperty("kind").GetString() == "best" && s.GetProperty("path").GetString() == outPath);
        Assert.Contains(saves, s => s.GetProperty("kind").GetString() == "latest");
        Assert.Equal("reached --max-iters 40", events[^1].GetProperty("reason").GetString());
        Assert.Equal(40, events[^1].GetProperty("iteration").GetInt64());
    }

    [Fact]
    public void AnErrorIsAnEventBesideTheStderrLineAndTheExitCode()
    {
        var (code, stdout, stderr) = CliRunner.Run(["/nonexistent/tree", "--progress", "json"]);
        Assert.Equal(3, code);
        Assert.Single(stderr.TrimEnd().Split('\n'));
        var error = JsonDocument.Parse(stdout.Trim()).RootElement;
        Assert.Equal("error", error.GetProperty("event").GetString());
        Assert.Equal("corpus", error.GetProperty("kind").GetString());
        Assert.Equal(3, error.GetProperty("exitCode").GetInt32());
        Assert.Equal(stderr.Trim(), $"charrnn-train: corpus: {error.GetProperty("message").GetString()}");
    }

    [Fact]
    public void ABadCommandLineIsAnErrorEventToo()
    {
        var (code, stdout, _) = CliRunner.Run(["train", ".", "--progress=json", "--bogus"]);
        Assert.Equal(2, code);
        Assert.Equal("usage", JsonDocument.Parse(stdout.Trim()).RootElement.GetProperty("kind").GetString());
    }
}
