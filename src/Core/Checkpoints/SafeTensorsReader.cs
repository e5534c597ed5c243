using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;
using CharRnnLsp.Core.Files;

namespace CharRnnLsp.Core.Checkpoints;

/// <summary>
/// Reads a .safetensors file holding only F32 tensors, trusting nothing in it: every length is checked
/// against the real file size before anything is allocated, so a hostile file costs at most its own size.
/// Throws CheckpointException with a one-line reason.
/// </summary>
internal static class SafeTensorsReader
{
    public const string MetadataKey = "__metadata__";
    /// <summary>The safetensors reference implementation refuses larger headers too.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private sealed record Entry(string Name, int[] Shape, long Begin, long End);

    public static SafeTensorsContent Read(string path)
    {
        using var stream = OpenForRead(path);
        try
        {
            return Read(stream);
        }
        catch (CheckpointException e)
        {
            throw new CheckpointException($"{path}: {e.Message}");
        }
        catch (IOException e)
        {
            throw new CheckpointException($"cannot read checkpoint {path}: {e.Message}");
        }
    }

    private static SafeTensorsContent Read(FileStream stream)
    {
        long fileLength = stream.Length;
        if (fileLength < 8) throw Corrupt($"file is too small ({fileLength} bytes)");
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes) throw Corrupt($"header length {headerLength} exceeds the {MaxHeaderBytes}-byte limit");
        if (headerLength > (ulong)(fileLength - 8)) throw Corrupt($"header length {headerLength} runs past the end of the {fileLength}-byte file");
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        long dataLength = fileLength - 8 - (long)headerLength;

        var (metadata, entries) = ParseHeader(header, dataLength);
        var tensors = new Dictionary<string, SafeTensorsTensor>(StringComparer.Ordinal);
        long dataStart = 8 + (long)headerLength;
        foreach (var entry in entries)
        {
            var data = new float[(entry.End - entry.Begin) / sizeof(float)];
            stream.Position = dataStart + entry.Begin;
            stream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
            if (!BitConverter.IsLittleEndian)
            {
                var words = MemoryMarshal.Cast<float, int>(data.AsSpan());
                for (int i = 0; i < words.Length; i++) words[i] = BinaryPrimitives.ReverseEndianness(words[i]);
            }
            tensors[entry.Name] = new SafeTensorsTensor(entry.Name, entry.Shape, data);
        }
        return new SafeTensorsContent(metadata, tensors);
    }

    private static FileStream OpenForRead(string path)
    {
        try
        {
            return RegularFile.OpenRead(path, bufferSize: 1 << 16);
        }
        catch (NotRegularFileException e)
        {
            throw new CheckpointException($"cannot read checkpoint: {e.Message}");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CheckpointException($"checkpoint not found: {path}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException($"cannot read checkpoint {path}: {e.Message}");
        }
    }

    private static (Dictionary<string, string>, List<Entry>) ParseHeader(byte[] header, long dataLength)
    {
        // JsonDocument defers UTF-8 validation of strings until they are read; check once here.
        if (!Utf8.IsValid(header)) throw Corrupt("header is not valid UTF-8");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw Corrupt($"header is not valid JSON ({e.Message.Split('\n')[0]})");
        }
        using (document)
        {
            try
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object) throw Corrupt("header is not a JSON object");
                var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
                var entries = new List<Entry>();
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (!names.Add(property.Name)) throw Corrupt($"header names \"{property.Name}\" twice");
                    if (property.Name == MetadataKey) ReadMetadata(property.Value, metadata);
                    else entries.Add(ReadEntry(property.Name, property.Value, dataLength));
                }
                CheckCoverage(entries, dataLength);
                return (metadata, entries);
            }
            catch (InvalidOperationException e)
            {
                // Escapes that decode to lone surrogates only fail when the string is read.
                throw Corrupt($"header holds a string that cannot be decoded ({e.Message})");
            }
        }
    }

    private static void ReadMetadata(JsonElement element, Dictionary<string, string> metadata)
    {
        if (element.ValueKind != JsonValueKind.Object) throw Corrupt("__metadata__ is not a JSON object");
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String) throw Corrupt($"metadata \"{property.Name}\" is not a string");
            if (!metadata.TryAdd(property.Name, property.Value.GetString()!)) throw Corrupt($"metadata names \"{property.Name}\" twice");
        }
    }

    private static Entry ReadEntry(string name, JsonElement element, long dataLength)
    {
        if (element.ValueKind != JsonValueKind.Object) throw Corrupt($"tensor {name} is not described by a JSON object");
        if (!element.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String)
            throw Corrupt($"tensor {name} has no dtype");
        if (dtype.GetString() != "F32") throw Corrupt($"tensor {name} has dtype {dtype.GetString()}, only F32 is supported");
        if (!element.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw Corrupt($"tensor {name} has no shape");
        var shape = new List<int>();
        long count = 1;
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt32(out int d) || d < 0)
                throw Corrupt($"tensor {name} has a shape entry that is not a non-negative integer");
            shape.Add(d);
            // Bounded by the data area before multiplying further, so this never overflows.
            count *= d;
            if (count * sizeof(float) > dataLength) throw Corrupt($"tensor {name} of shape [{string.Join(", ", shape)}...] is larger than the data area");
        }
        if (!element.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
            throw Corrupt($"tensor {name} has no [begin, end] data_offsets");
        if (!offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end))
            throw Corrupt($"tensor {name} has data_offsets that are not integers");
        if (begin < 0 || end < begin || end > dataLength)
            throw Corrupt($"tensor {name} data_offsets [{begin}, {end}] fall outside the {dataLength}-byte data area");
        if (end - begin != count * sizeof(float))
            throw Corrupt($"tensor {name} data_offsets span {end - begin} bytes but shape [{string.Join(", ", shape)}] needs {count * sizeof(float)}");
        if (begin % sizeof(float) != 0) throw Corrupt($"tensor {name} data starts at unaligned offset {begin}");
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name is not ("dtype" or "shape" or "data_offsets"))
                throw Corrupt($"tensor {name} has an unknown field \"{property.Name}\"");
        }
        return new Entry(name, [.. shape], begin, end);
    }

    /// <summary>Tensors must tile the data area exactly: no overlap, no gap, nothing after the last one.</summary>
    private static void CheckCoverage(List<Entry> entries, long dataLength)
    {
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long expected = 0;
        foreach (var entry in entries)
        {
            if (entry.Begin < expected) throw Corrupt($"tensor {entry.Name} overlaps the tensor before it");
            if (entry.Begin > expected) throw Corrupt($"data area has {entry.Begin - expected} unused bytes before tensor {entry.Name}");
            expected = entry.End;
        }
        if (expected != dataLength) throw Corrupt($"data area has {dataLength - expected} bytes that belong to no tensor");
    }

    private static CheckpointException Corrupt(string reason) => new($"corrupt checkpoint: {reason}");
}
