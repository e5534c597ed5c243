using System.Diagnostics;
using System.Text.Json;
using CharRnnLsp.Core.Checkpoints;
using CharRnnLsp.Core.Model;
using Xunit;

namespace CharRnnLsp.Core.Tests;

/// <summary>Runs only where /usr/bin/python3 can import torch; otherwise reported as skipped, with the reason.</summary>
public sealed class TorchFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";
    private static readonly Lazy<bool> Available = new(() =>
    {
        if (!File.Exists(Python)) return false;
        var (exitCode, _, _) = CheckpointTorchInteropTests.Run(Python, "-c", "import torch");
        return exitCode == 0;
    });

    public TorchFactAttribute()
    {
        if (!Available.Value)
            Skip = $"SKIPPED: {Python} with torch is not available, so PyTorch loading of checkpoints is NOT verified";
    }
}

public class CheckpointTorchInteropTests
{
    [TorchFact]
    public void PyTorch_LoadsOurCheckpoint_IntoEmbeddingLstmLinear_ByName()
    {
        using var data = new CheckpointTestData();
        foreach (var cell in new[] { CellType.Lstm, CellType.Gru, CellType.Rnn })
        {
            var checkpoint = CheckpointTestData.Create(cell, layers: 2, seed: 5);
            string path = data.PathOf($"{cell}.safetensors");
            checkpoint.Save(path);

            var (exitCode, stdout, stderr) = Run(TorchFactAttribute.Python, FixturePath("load_checkpoint_in_torch.py"), path);
            Assert.True(exitCode == 0, $"python loader failed for {cell}: {stderr}");
            using var report = JsonDocument.Parse(stdout);
            var root = report.RootElement;
            Assert.Equal(cell.ToString().ToLowerInvariant(), root.GetProperty("config").GetProperty("cell").GetString());
            Assert.Equal(checkpoint.Vocabulary.Size, root.GetProperty("vocabulary_size").GetInt32());
            Assert.Equal(["training.adam.m", "training.state.h"], root.GetProperty("extras").EnumerateArray().Select(e => e.GetString()));

            var layout = new ParameterLayout(checkpoint.Config);
            var tensors = root.GetProperty("tensors");
            Assert.Equal(layout.Tensors.Count, tensors.EnumerateObject().Count());
            foreach (var view in layout.Tensors)
            {
                var entry = tensors.GetProperty(view.Name);
                var values = checkpoint.Parameters.AsSpan(view.Offset, view.Length);
                Assert.Equal(view.Shape, entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
                Assert.Equal(values[0], (float)entry.GetProperty("first").GetDouble());
                Assert.Equal(values[^1], (float)entry.GetProperty("last").GetDouble());
                double sum = 0;
                foreach (float v in values) sum += v;
                Assert.Equal(sum, entry.GetProperty("sum").GetDouble(), 9);
            }
        }
    }

    [TorchFact]
    public void LoaderInTheFormatDoc_RunsAsWritten()
    {
        using var data = new CheckpointTestData();
        var checkpoint = CheckpointTestData.Create(CellType.Lstm, layers: 3);
        string path = data.PathOf("model.safetensors");
        checkpoint.Save(path);
        string doc = File.ReadAllText(FixturePath("../../docs/checkpoint-format.md"));
        int start = doc.IndexOf("```python\n", StringComparison.Ordinal) + "```python\n".Length;
        string snippet = doc[start..doc.IndexOf("```", start, StringComparison.Ordinal)]
            .Replace("\"model.safetensors\"", JsonSerializer.Serialize(path))
            + "print(sum(p.numel() for p in model.parameters()), len(tokens))\n";
        var (exitCode, stdout, stderr) = Run(TorchFactAttribute.Python, "-c", snippet);
        Assert.True(exitCode == 0, $"the documented loader failed: {stderr}");
        Assert.Equal($"{checkpoint.Parameters.Length} 9", stdout.Trim());
    }

    internal static (int ExitCode, string Stdout, string Stderr) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }

    private static string FixturePath(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "fixtures", name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"tests/fixtures/{name} not found above {AppContext.BaseDirectory}");
    }
}
