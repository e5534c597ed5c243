using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CharRnnLsp.Server.Tests.Fakes;

/// <summary>
/// The real charrnn-lsp process over its real stdin/stdout. Every frame it writes is checked strictly
/// ("Content-Length: N", an empty line, N bytes of JSON); a violation is kept in <see cref="FramingErrors"/> and
/// ends reading. stderr is drained (a full pipe would block the server) and kept for failure messages.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly Stream _input;
    private readonly ConcurrentQueue<JsonObject> _messages = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly StringBuilder _stderr = new();
    private readonly Thread _reader;

    private readonly ConcurrentDictionary<long, int> _answerCounts = new();

    public ConcurrentQueue<string> FramingErrors { get; } = new();

    /// <summary>Answers (responses, not notifications) so far to the integer id <paramref name="id"/>.</summary>
    public int AnswerCount(long id) => _answerCounts.GetValueOrDefault(id);

    private ServerProcess(params string[] args)
    {
        // The test host runs under the dotnet muxer; the server's dll sits beside the tests (a project reference).
        string dll = Path.Combine(AppContext.BaseDirectory, "charrnn-lsp.dll");
        bool muxer = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet";
        var start = new ProcessStartInfo(muxer ? Environment.ProcessPath! : Path.ChangeExtension(dll, null))
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        if (muxer) start.ArgumentList.Add(dll);
        foreach (string arg in args) start.ArgumentList.Add(arg);
        _process = Process.Start(start)!;
        _input = _process.StandardInput.BaseStream;
        _process.ErrorDataReceived += (_, e) => { lock (_stderr) if (e.Data is not null && _stderr.Length < 1 << 20) _stderr.AppendLine(e.Data); };
        _process.BeginErrorReadLine();
        _reader = new Thread(ReadFrames) { IsBackground = true };
        _reader.Start();
    }

    public static ServerProcess Start(params string[] args) => new(args);

    public bool HasExited => _process.HasExited;

    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    public IReadOnlyList<JsonObject> Messages => _messages.ToList();

    public void WriteRaw(byte[] bytes)
    {
        _input.Write(bytes);
        _input.Flush();
    }

    public static byte[] Frame(byte[] body, string lineEnd = "\r\n") =>
        [.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}{lineEnd}{lineEnd}"), .. body];

    public void Send(object message) => WriteRaw(Frame(JsonSerializer.SerializeToUtf8Bytes(message)));

    public void Request(long id, string method, object? parameters) => Send(new { jsonrpc = "2.0", id, method, @params = parameters });

    public void Notify(string method, object? parameters) => Send(new { jsonrpc = "2.0", method, @params = parameters });

    public void Initialize(object? initializationOptions = null)
    {
        Request(0, "initialize", new { capabilities = new { }, initializationOptions });
        Notify("initialized", new { });
    }

    /// <summary>The answers (responses, not notifications) to <paramref name="id"/> so far.</summary>
    public IEnumerable<JsonObject> AnswersTo(long id) =>
        _messages.Where(m => m["method"] is null && m["id"] is JsonValue v && v.TryGetValue(out long n) && n == id);

    public async Task<JsonObject> ResponseAsync(long id, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (AnswersTo(id).FirstOrDefault() is { } found) return found;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no answer to request {id} within {within.TotalSeconds} s; stderr:\n{Stderr}");
            await _arrived.WaitAsync(TimeSpan.FromMilliseconds(100));
        }
    }

    public async Task<bool> WaitForAsync(Func<bool> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            await _arrived.WaitAsync(TimeSpan.FromMilliseconds(100));
        }
        return true;
    }

    /// <summary>shutdown, then exit; the exit code (or throws when the process does not end in time).</summary>
    public async Task<int> StopAsync(long shutdownId = 999_999_999)
    {
        Request(shutdownId, "shutdown", null);
        await ResponseAsync(shutdownId, TimeSpan.FromSeconds(30));
        Notify("exit", null);
        return await ExitCodeAsync();
    }

    public async Task<int> ExitCodeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    private void ReadFrames()
    {
        var output = _process.StandardOutput.BaseStream;
        try
        {
            while (ReadHeader(output) is { } length)
            {
                byte[] body = new byte[length];
                output.ReadExactly(body);
                var message = JsonNode.Parse(body)!.AsObject();
                if (message["method"] is null && message["id"] is JsonValue id && id.TryGetValue(out long n))
                    _answerCounts.AddOrUpdate(n, 1, (_, count) => count + 1);
                _messages.Enqueue(message);
                _arrived.Release();
            }
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or EndOfStreamException or InvalidOperationException)
        {
            FramingErrors.Enqueue(e.Message);
        }
    }

    /// <summary>Null at a clean end of output; throws on anything but a well-formed header block.</summary>
    private static int? ReadHeader(Stream output)
    {
        var line = new List<byte>();
        int? length = null;
        while (true)
        {
            int b = output.ReadByte();
            if (b < 0) return line.Count == 0 && length is null ? null : throw new EndOfStreamException("output ended inside a header");
            if (b != '\n') { line.Add((byte)b); continue; }
            string text = Encoding.ASCII.GetString([.. line]);
            line.Clear();
            if (!text.EndsWith('\r')) throw new InvalidDataException($"header line without CR: {text}");
            text = text[..^1];
            if (text.Length == 0) return length ?? throw new InvalidDataException("header block without Content-Length");
            if (text.StartsWith("Content-Length: ", StringComparison.Ordinal) && int.TryParse(text[16..], out int n)) length = n;
            else if (!text.StartsWith("Content-Type: ", StringComparison.Ordinal)) throw new InvalidDataException($"unexpected header: {text}");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
        _process.Dispose();
    }
}
