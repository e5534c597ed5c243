using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace CharRnnLsp.Core.Checkpoints;

/// <summary>
/// Writes the safetensors layout: u64 little-endian header length N, N bytes of UTF-8 JSON padded with
/// spaces to a multiple of 8 (so the data area starts 8-aligned), then the tensors' little-endian bytes
/// back to back in the order given.
/// </summary>
internal static class SafeTensorsWriter
{
    public static void Write(Stream output, IReadOnlyDictionary<string, string> metadata, IReadOnlyList<SafeTensorsTensor> tensors)
    {
        byte[] header = BuildHeader(metadata, tensors);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        output.Write(length);
        output.Write(header);
        foreach (var tensor in tensors) WriteLittleEndian(output, tensor.Data);
    }

    private static byte[] BuildHeader(IReadOnlyDictionary<string, string> metadata, IReadOnlyList<SafeTensorsTensor> tensors)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject(SafeTensorsReader.MetadataKey);
            foreach (var (key, value) in metadata) json.WriteString(key, value);
            json.WriteEndObject();
            long offset = 0;
            foreach (var tensor in tensors)
            {
                long expected = tensor.Shape.Aggregate(1L, (a, b) => a * b);
                if (tensor.Data.Length != expected)
                    throw new ArgumentException($"tensor {tensor.Name} has {tensor.Data.Length} values for shape [{string.Join(", ", tensor.Shape)}]");
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int dim in tensor.Shape) json.WriteNumberValue(dim);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += expected * sizeof(float);
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        int padded = (int)((buffer.Length + 7) / 8 * 8);
        while (buffer.Length < padded) buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }

    private static void WriteLittleEndian(Stream output, float[] data)
    {
        if (BitConverter.IsLittleEndian)
        {
            output.Write(MemoryMarshal.AsBytes(data.AsSpan()));
            return;
        }
        var bytes = new byte[data.Length * sizeof(float)];
        for (int i = 0; i < data.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), data[i]);
        output.Write(bytes);
    }
}
