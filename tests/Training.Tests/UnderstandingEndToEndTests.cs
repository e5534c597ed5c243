using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace CharRnnLsp.Training.Tests;

/// <summary>`eval` and `vis` on a trained model, the report rendered by a real headless Chromium.</summary>
[Collection(nameof(TrainedModelFixture))]
public class UnderstandingEndToEndTests(TrainedModelFixture model, ITestOutputHelper log)
{
    [Fact]
    public void EvalComparesTheModelWithAnNgramOnTheHeldOutSplit()
    {
        var (code, stdout, stderr) = CliRunner.Run(["eval", model.Checkpoint, model.Corpus, "--order", "4", "--probes", "50", "--no-adapt"]);
        Assert.True(code == 0, stderr);
        log.WriteLine(stdout);
        Assert.Contains("of the test split of the training corpus", stdout);
        var bits = Regex.Match(stdout, @"\| bits/char \| ([0-9.]+) \| ([0-9.]+) \|");
        Assert.True(bits.Success, stdout);
        double rnn = double.Parse(bits.Groups[1].Value), ngram = double.Parse(bits.Groups[2].Value);
        Assert.InRange(rnn, 0.5, Math.Log2(100)); // better than uniform over the vocabulary
        Assert.InRange(ngram, 0.5, Math.Log2(100));
        Assert.Contains("greedy next 20 chars exact, at line starts", stdout);
    }

    [Fact]
    public void VisWritesAReportThatChromiumRendersWithColouredCharacters()
    {
        string html = Path.Combine(model.Corpus, "vis.html");
        string source = Path.Combine(model.Corpus, "src", "Core", "Sampling", "Sampler.cs");
        var (code, stdout, stderr) = CliRunner.Run(["vis", model.Checkpoint, source, "--out", html, "--chars", "400", "--scan-chars", "4000"]);
        Assert.True(code == 0, stderr);
        Assert.Contains("| bracket depth |", stdout);
        Assert.DoesNotContain("http", File.ReadAllText(html).Replace("http://www.w3.org/2000/svg", "")); // self-contained

        string? chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        if (chromium is null)
        {
            Console.Error.WriteLine("SKIPPED: chromium is not installed; the HTML report was not rendered (scripts/install-test-deps.sh installs it)");
            log.WriteLine("SKIPPED: chromium missing");
            return;
        }
        string dom = Chromium(chromium, "--dump-dom", html);
        // Every shown character is a span.ch, in order; the first characters of the file are there.
        var shown = Regex.Matches(dom, "<span class=\"ch\"[^>]*>([^<]*)</span>").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.Equal(400, shown.Count);
        string expectedStart = File.ReadAllText(source)[..20].Replace("\n", "\u21b5");
        Assert.Equal(expectedStart, string.Concat(shown.Take(20)));
        // The selected cell colours characters (not all white), the guesses are shaded by probability.
        var colours = Regex.Matches(dom, "class=\"ch\"[^>]*style=\"[^\"]*background-color: (rgb\\([^)]*\\))").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(400, colours.Count);
        Assert.Contains(colours, c => c != "rgb(255, 255, 255)");
        Assert.Matches("class=\"g\"[^>]*style=\"background-color: rgba\\(0, 170, 0, 0\\.[0-9]+\\)", dom);
        Assert.Contains("showing layer", dom);
        Assert.Contains("<polyline class=\"val\"", dom);

        string png = Path.Combine(AppContext.BaseDirectory, "artifacts", "vis.png");
        Directory.CreateDirectory(Path.GetDirectoryName(png)!);
        Chromium(chromium, $"--screenshot={png}", html, "--window-size=1200,900");
        Assert.True(new FileInfo(png).Length > 10_000, "the screenshot has content");
        log.WriteLine($"screenshot: {png}");
    }

    private static string Chromium(string chromium, string action, string html, params string[] extra)
    {
        var info = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000", action }.Concat(extra)) info.ArgumentList.Add(a);
        info.ArgumentList.Add("file://" + html);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit(60_000);
        return stdout;
    }
}
