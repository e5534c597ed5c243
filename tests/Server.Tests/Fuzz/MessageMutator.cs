using System.Text;
using System.Text.Json.Nodes;
using CharRnnLsp.Server.Tests.Fakes;

namespace CharRnnLsp.Server.Tests.Fuzz;

/// <summary>
/// Seeded generator of framed LSP messages, made from valid ones and then broken the ways a careless or hostile
/// client breaks them: invalid UTF-8 and lone surrogate escapes in any string or key, wrong types (huge numbers,
/// negative numbers, objects for strings...), missing fields, duplicate ids, bare "\n" headers, byte flips and bodies
/// shorter or longer than their Content-Length.
/// A tracked message keeps its top-level id intact (ids below <see cref="UntrackedIds"/>): the server must answer it
/// exactly once. Byte flips and mis-framed messages can break anything, their ids included, so they use string ids
/// ("u1", "u2"...): the server reads ids from broken bodies where it can, and a flip can end an integer early
/// ("1000025" -> "1,00025" reads as 1) but cannot make a string id an integer.
/// </summary>
public sealed class MessageMutator(int seed, string uri)
{
    private const string Marker = "QQMUTQQ";

    public sealed record Output(byte[] Bytes, long? TrackedId);

    private readonly Random _random = new(seed);
    private readonly List<long> _recentIds = [];
    private long _nextTracked = 1, _nextUntracked = 1;
    private int _version = 2;

    private static readonly string[] BadStringBytes =
        ["\\ud800", "\\udc00x", "\\ud800\\u0041", "\\udfff\\ud800"];
    private static readonly byte[][] BadUtf8 =
        [[0xFF, 0xFE], [0xC3, 0x28], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC0, 0x80], [0x80]];
    private static readonly string[] WrongValues =
        ["1e400", "-1", "-2147483649", "99999999999999999999", "1e30", "1.5", "true", "null", "{}", "[]", "\"s\"", "[{\"a\":[]}]", "0"];

    public Output Next()
    {
        int roll = _random.Next(100);
        if (roll < 8) return Framed(Serialize(Template($"u{_nextUntracked++}")), flipped: true);
        if (roll < 16) return MisFramed(Serialize(Template($"u{_nextUntracked++}")));
        long? id = null;
        JsonObject message;
        if (roll < 24 && _recentIds.Count > 0)
        {
            id = _recentIds[_random.Next(_recentIds.Count)]; // a duplicate: each copy is answered once
            message = Request(id.Value);
        }
        else
        {
            message = Template(_nextTracked);
            if (message.ContainsKey("id")) id = _nextTracked++;
        }
        if (id is { } used) Remember(used);
        byte[] body = Mutate(message);
        string lineEnd = _random.Next(10) == 0 ? "\n" : "\r\n";
        return new Output(ServerProcess.Frame(body, lineEnd), id);
    }

    private void Remember(long id)
    {
        _recentIds.Add(id);
        if (_recentIds.Count > 32) _recentIds.RemoveAt(0);
    }

    private byte[] Mutate(JsonObject message) => _random.Next(5) switch
    {
        0 => Serialize(message),
        1 => InjectIntoString(message),
        2 => ReplaceWithWrongType(message),
        3 => RemoveField(message),
        _ => _random.Next(2) == 0 ? InjectIntoString(message) : ReplaceWithWrongType(message),
    };

    /// <summary>Puts bad bytes into a random string value or key (never the top-level id).</summary>
    private byte[] InjectIntoString(JsonObject message)
    {
        var targets = Nodes(message).Where(n => n.Node is JsonValue v && v.TryGetValue(out string? _) || n.Key is not null).ToList();
        if (targets.Count == 0) return Serialize(message);
        var (parent, key, index, node) = targets[_random.Next(targets.Count)];
        bool intoKey = key is not null && (node is not JsonValue value || !value.TryGetValue(out string? _) || _random.Next(2) == 0);
        if (intoKey)
        {
            var obj = (JsonObject)parent!;
            obj.Remove(key!);
            obj[Insert(key!)] = node?.DeepClone();
        }
        else
        {
            string text = node!.GetValue<string>();
            if (key is not null) ((JsonObject)parent!)[key] = Insert(text);
            else ((JsonArray)parent!)[index] = Insert(text);
        }
        byte[] bad = _random.Next(2) == 0
            ? Encoding.ASCII.GetBytes(BadStringBytes[_random.Next(BadStringBytes.Length)])
            : BadUtf8[_random.Next(BadUtf8.Length)];
        return Replace(Serialize(message), Encoding.ASCII.GetBytes(Marker), bad);
    }

    private string Insert(string text)
    {
        int at = _random.Next(text.Length + 1);
        return text[..at] + Marker + text[at..];
    }

    private byte[] ReplaceWithWrongType(JsonObject message)
    {
        var targets = Nodes(message).ToList();
        var (parent, key, index, _) = targets[_random.Next(targets.Count)];
        if (key is not null) ((JsonObject)parent!)[key] = Marker;
        else ((JsonArray)parent!)[index] = Marker;
        string wrong = WrongValues[_random.Next(WrongValues.Length)];
        return Replace(Serialize(message), Encoding.ASCII.GetBytes($"\"{Marker}\""), Encoding.ASCII.GetBytes(wrong));
    }

    private byte[] RemoveField(JsonObject message)
    {
        var targets = Nodes(message).Where(n => n.Key is not null).ToList();
        if (targets.Count > 0)
        {
            var (parent, key, _, _) = targets[_random.Next(targets.Count)];
            ((JsonObject)parent!).Remove(key!);
        }
        return Serialize(message);
    }

    /// <summary>Every node below the root with where it hangs, except the top-level id (tracked ids stay readable).</summary>
    private static IEnumerable<(JsonNode? Parent, string? Key, int Index, JsonNode? Node)> Nodes(JsonObject root)
    {
        var pending = new Stack<JsonNode>([root]);
        while (pending.TryPop(out var current))
        {
            if (current is JsonObject obj)
            {
                foreach (var (key, child) in obj.ToList())
                {
                    if (ReferenceEquals(obj, root) && key == "id") continue;
                    yield return (obj, key, -1, child);
                    if (child is not null) pending.Push(child);
                }
            }
            else if (current is JsonArray array)
            {
                for (int i = 0; i < array.Count; i++)
                {
                    yield return (array, null, i, array[i]);
                    if (array[i] is { } child) pending.Push(child);
                }
            }
        }
    }

    /// <summary>Flips a few bytes of the body; the frame itself stays intact.</summary>
    private Output Framed(byte[] body, bool flipped)
    {
        if (flipped)
            for (int flips = 1 + _random.Next(3); flips > 0; flips--)
                body[_random.Next(body.Length)] = (byte)_random.Next(256);
        return new Output(ServerProcess.Frame(body), null);
    }

    /// <summary>A Content-Length that does not match: a body cut short (the next message must still be read) or
    /// an announcement shorter than the body (the rest is garbage before the next header).</summary>
    private Output MisFramed(byte[] body)
    {
        if (_random.Next(2) == 0)
        {
            int cut = _random.Next(body.Length);
            return new Output([.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body.AsSpan(0, cut)], null);
        }
        int announced = _random.Next(body.Length);
        return new Output([.. Encoding.ASCII.GetBytes($"Content-Length: {announced}\r\n\r\n"), .. body], null);
    }

    private JsonObject Template(JsonNode id) => _random.Next(10) switch
    {
        < 6 => Request(id),
        6 => Notification("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = _version++ },
            ["contentChanges"] = new JsonArray(new JsonObject { ["range"] = Range(), ["text"] = "x" }),
        }),
        7 => Notification("$/cancelRequest", new JsonObject { ["id"] = _recentIds.Count > 0 ? _recentIds[^1] : 1 }),
        8 => Notification("workspace/didChangeConfiguration", new JsonObject
        {
            ["settings"] = new JsonObject { ["charrnn"] = new JsonObject { ["temperature"] = 0.7, ["maxLength"] = 20 } },
        }),
        _ => Notification("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri + _random.Next(3), ["languageId"] = "c", ["version"] = 1, ["text"] = "int main(void)\n{\n}\n" },
        }),
    };

    private JsonObject Request(JsonNode id)
    {
        var at = new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri }, ["position"] = Position() };
        (string method, JsonNode parameters) = _random.Next(6) switch
        {
            0 => ("textDocument/completion", at),
            1 => ("textDocument/inlineCompletion", With(at, "context", new JsonObject { ["triggerKind"] = 1 + _random.Next(2) })),
            2 => ("textDocument/hover", at),
            3 => ("workspace/executeCommand", new JsonObject { ["command"] = "charrnn.sampleAtPosition", ["arguments"] = new JsonArray(at) }),
            4 => ("textDocument/definition", at),
            _ => ("textDocument/completion", With(at, "context", new JsonObject { ["triggerKind"] = 2, ["triggerCharacter"] = "." })),
        };
        return new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters };
    }

    private static JsonObject With(JsonObject obj, string key, JsonNode value)
    {
        obj[key] = value;
        return obj;
    }

    private static JsonObject Notification(string method, JsonObject parameters) =>
        new() { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters };

    private JsonObject Position() => new() { ["line"] = _random.Next(4), ["character"] = _random.Next(20) };

    private JsonObject Range()
    {
        var at = Position();
        return new JsonObject { ["start"] = at, ["end"] = at.DeepClone() };
    }

    private static byte[] Serialize(JsonObject message) => Encoding.UTF8.GetBytes(message.ToJsonString());

    private static byte[] Replace(byte[] bytes, byte[] what, byte[] with)
    {
        int at = bytes.AsSpan().IndexOf(what);
        return at < 0 ? bytes : [.. bytes.AsSpan(0, at), .. with, .. bytes.AsSpan(at + what.Length)];
    }
}
