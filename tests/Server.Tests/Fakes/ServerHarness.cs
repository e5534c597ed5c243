using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CharRnnLsp.Server.Hosting;
using CharRnnLsp.Server.Lsp;
using CharRnnLsp.Server.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CharRnnLsp.Server.Tests.Fakes;

/// <summary>The real server composition, fed messages directly and answering into a frame collector.</summary>
public sealed class ServerHarness : IDisposable
{
    private readonly IHost _host;
    private readonly FrameCollector _output = new();
    private readonly string _modelFile = Path.GetTempFileName();
    private int _nextId = 100;

    public Dispatcher Dispatcher { get; }

    public ServerHarness(IModelLoader loader)
    {
        _host = ServerComposition.Build(new CommandLineOptions(null, "Warning"), new ServerStreams(Stream.Null, _output), loader);
        Dispatcher = _host.Services.GetRequiredService<Dispatcher>();
    }

    public T Service<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    public Task SendAsync(object message) => Dispatcher.DispatchAsync(JsonSerializer.SerializeToUtf8Bytes(message));

    public async Task<int> RequestAsync(string method, object? parameters, int? id = null)
    {
        int requestId = id ?? Interlocked.Increment(ref _nextId);
        await SendAsync(new { jsonrpc = "2.0", id = requestId, method, @params = parameters });
        return requestId;
    }

    public Task NotifyAsync(string method, object? parameters) => SendAsync(new { jsonrpc = "2.0", method, @params = parameters });

    /// <summary>Initializes with the scripted model file as modelPath and waits until the model is loaded.</summary>
    public async Task InitializeAsync(params string[] positionEncodings)
    {
        int id = await RequestAsync("initialize", new
        {
            capabilities = new { general = new { positionEncodings } },
            initializationOptions = new { modelPath = _modelFile, seed = 7 },
        });
        await ResponseAsync(id);
        var loaded = new TaskCompletionSource();
        Service<ModelProvider>().ModelChanged += _ => loaded.TrySetResult();
        await NotifyAsync("initialized", new { });
        await loaded.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public Task OpenAsync(string uri, string text, string languageId = "c") =>
        NotifyAsync("textDocument/didOpen", new { textDocument = new { uri, languageId, version = 1, text } });

    /// <summary>The answer to request <paramref name="id"/> (waits for it; fails the test after 30 s of nothing).</summary>
    public Task<JsonObject> ResponseAsync(int id) => _output.WaitForAsync(m => m["id"]?.GetValue<int>() == id && m["method"] is null);

    public IReadOnlyList<JsonObject> AllResponsesTo(int id) => _output.Messages.Where(m => m["id"]?.GetValue<int>() == id && m["method"] is null).ToList();

    public IReadOnlyList<JsonObject> Messages => _output.Messages;

    public void Dispose()
    {
        _host.Dispose();
        File.Delete(_modelFile);
    }

    /// <summary>Parses what the server writes back into frames.</summary>
    private sealed class FrameCollector : Stream
    {
        private readonly MessageFramer _framer = new();
        private readonly ConcurrentQueue<JsonObject> _messages = new();
        private readonly SemaphoreSlim _arrived = new(0);

        public IReadOnlyList<JsonObject> Messages => _messages.ToList();

        public async Task<JsonObject> WaitForAsync(Func<JsonObject, bool> match)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                var found = _messages.FirstOrDefault(match);
                if (found is not null) return found;
                if (DateTime.UtcNow > deadline) throw new TimeoutException("no matching message from the server");
                await _arrived.WaitAsync(TimeSpan.FromMilliseconds(200));
            }
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (_framer)
            {
                _framer.Append(buffer.AsSpan(offset, count));
                while (_framer.TryReadBody() is { } body)
                {
                    _messages.Enqueue(JsonNode.Parse(Encoding.UTF8.GetString(body))!.AsObject());
                    _arrived.Release();
                }
            }
        }

        public override void Flush() { }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
