using System.Diagnostics;
using Xunit;

namespace CharRnnLsp.Training.Tests;

/// <summary>charrnn-train never waits on a FIFO or reads a device: a checkpoint or corpus path that is not a regular
/// file gets its one-line error (CliRunner bounds each run), and such files inside a tree are skipped and reported.</summary>
public sealed class SpecialFileCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("charrnn-special-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string MakeFifo(string name)
    {
        string path = Path.Combine(_folder, name);
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    private static void AssertOneLineError(int expectedCode, string expectedText, (int ExitCode, string Out, string Err) run)
    {
        Assert.True(run.ExitCode == expectedCode, $"exit {run.ExitCode}: {run.Err}{run.Out}");
        Assert.Single(run.Err.TrimEnd('\n').Split('\n'));
        Assert.Contains(expectedText, run.Err);
    }

    [Fact]
    public void Sample_RefusesFifoDeviceAndFolderCheckpoints()
    {
        string fifo = MakeFifo("model.safetensors");
        string folder = Directory.CreateDirectory(Path.Combine(_folder, "folder.safetensors")).FullName;
        AssertOneLineError(4, $"checkpoint: cannot read checkpoint: {fifo} is a FIFO, not a regular file", CliRunner.Run("sample", fifo));
        AssertOneLineError(4, "/dev/zero is a character device, not a regular file", CliRunner.Run("sample", "/dev/zero"));
        AssertOneLineError(4, $"{folder} is a directory, not a regular file", CliRunner.Run("sample", folder));
    }

    [Fact]
    public void Sample_RefusesAFifoPrimeFile()
    {
        string fifo = MakeFifo("prime.txt");
        AssertOneLineError(5, $"i/o: {fifo} is a FIFO, not a regular file", CliRunner.Run("sample", "/nonexistent.safetensors", "--prime-file", fifo));
    }

    [Fact]
    public void EvalVisAndInitFrom_RefuseAFifoCheckpoint()
    {
        string fifo = MakeFifo("model.safetensors");
        string corpus = Path.Combine(_folder, "corpus.txt");
        File.WriteAllText(corpus, string.Concat(Enumerable.Repeat("int main() { return 0; }\n", 200)));
        string expected = $"{fifo} is a FIFO, not a regular file";
        AssertOneLineError(4, expected, CliRunner.Run("eval", fifo, corpus));
        AssertOneLineError(4, expected, CliRunner.Run("vis", fifo, corpus));
        AssertOneLineError(4, expected, CliRunner.Run(corpus, "--init-from", fifo, "--out", Path.Combine(_folder, "m.safetensors")));
    }

    [Fact]
    public void Train_OnAFifoCorpusPath_IsACorpusError()
    {
        string fifo = MakeFifo("corpus.txt");
        AssertOneLineError(3, $"corpus path {fifo} is a FIFO, not a regular file or a folder", CliRunner.Run(fifo));
    }

    [Fact]
    public void Train_OnATreeHoldingAFifo_SkipsAndReportsIt()
    {
        string corpus = CliRunner.CopyOfOwnSources();
        try
        {
            using (var mkfifo = Process.Start("mkfifo", [Path.Combine(corpus, "x.c")])) mkfifo.WaitForExit();
            var (code, stdout, stderr) = CliRunner.Run(corpus, "--out", Path.Combine(_folder, "m.safetensors"), "--max-iters", "2",
                "--hidden", "16", "--embedding", "8", "--layers", "1", "--batch", "4", "--seq", "16", "--eval-every", "2",
                "--eval-chars", "2000", "--sample-every", "0", "--threads", "1");
            Assert.True(code == 0, stderr + stdout);
            Assert.Contains("skipped 1 fifo: x.c", stdout);
        }
        finally
        {
            Directory.Delete(corpus, recursive: true);
        }
    }
}
