using System.Diagnostics;
using CharRnnLsp.Server.Model;
using CharRnnLsp.Server.Tests.Fakes;

namespace CharRnnLsp.Server.Tests;

/// <summary>The real server process: stopping while a model loads, and model paths that are no regular file.</summary>
public class ServerProcessTests
{
    private const string Uri = "file:///tmp/p.c";
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Shutdown_and_exit_while_the_model_loads_exit_cleanly()
    {
        // A 3x512 model takes long enough to load that shutdown arrives while it is still loading.
        string model = TestCheckpoints.Save("static int add(int a, int b) { return a + b; }\n", hidden: 512, layers: 3);
        for (int run = 0; run < 4; run++)
        {
            using var server = ServerProcess.Start("--model", model);
            server.Initialize();
            server.Request(1, "shutdown", null);
            server.Notify("exit", null);
            int exitCode = await server.ExitCodeAsync();
            Assert.True(exitCode == 0, $"run {run}: exit code {exitCode}; stderr:\n{server.Stderr}");
            Assert.DoesNotContain("Unhandled exception", server.Stderr);
            Assert.DoesNotContain("ObjectDisposedException", server.Stderr);
            Assert.Empty(server.FramingErrors);
        }
    }

    public static TheoryData<string, bool> SpecialFiles => new()
    {
        { "fifo", false }, { "fifo", true }, { "/dev/zero", true }, { "directory", false },
    };

    [Theory]
    [MemberData(nameof(SpecialFiles))]
    public async Task A_model_path_that_is_no_regular_file_never_keeps_an_answer_waiting(string kind, bool viaSetting)
    {
        string path = kind switch
        {
            "fifo" => MakeFifo(),
            "directory" => Directory.CreateTempSubdirectory().FullName,
            _ => kind,
        };
        using var server = ServerProcess.Start(viaSetting ? [] : ["--model", path]);
        server.Initialize(viaSetting ? new { modelPath = path } : null);
        await server.ResponseAsync(0, Slack);
        server.Notify("textDocument/didOpen", new { textDocument = new { uri = Uri, languageId = "c", version = 1, text = "int x" } });

        var started = Stopwatch.StartNew();
        server.Request(1, "textDocument/completion", new { textDocument = new { uri = Uri }, position = new { line = 0, character = 5 } });
        var completion = await server.ResponseAsync(1, ModelProvider.FirstModelWait + Slack);
        Assert.Empty(completion["result"]!["items"]!.AsArray());
        server.Request(2, "workspace/executeCommand", new { command = "charrnn.reloadModel" });
        string outcome = (await server.ResponseAsync(2, ModelProvider.CommandWait + Slack))["result"]!.GetValue<string>();
        Assert.Contains(path, outcome);
        Assert.True(started.Elapsed < ModelProvider.FirstModelWait + ModelProvider.CommandWait + Slack, $"took {started.Elapsed}");

        // One clear line on stderr names the path, however many times it was tried.
        Assert.True(await server.WaitForAsync(() => server.Stderr.Contains(path), ModelProvider.CommandWait + Slack), server.Stderr);
        await Task.Delay(500);
        Assert.Single(server.Stderr.Split('\n'), line => line.Contains(path));
        Assert.Equal(0, await server.StopAsync());
        if (kind == "fifo") File.Delete(path);
    }

    private static string MakeFifo()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "model.safetensors");
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }
}
