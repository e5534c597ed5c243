using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using CharRnnLsp.Core.Checkpoints;
using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Model;
using Xunit;

namespace CharRnnLsp.Core.Tests;

/// <summary>Damaged and malicious files must be rejected with a one-line CheckpointException, never anything else.</summary>
public class CheckpointHostileFileTests : IDisposable
{
    private readonly CheckpointTestData _data = new();
    private readonly Checkpoint _checkpoint = CheckpointTestData.Create();
    private readonly byte[] _good;

    public CheckpointHostileFileTests()
    {
        string path = _data.PathOf("good.safetensors");
        _checkpoint.Save(path);
        _good = File.ReadAllBytes(path);
    }

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Truncated_AtEveryHeaderLengthAndThroughTheData_IsRejected()
    {
        int headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(_good);
        var lengths = Enumerable.Range(0, headerEnd + 1).Concat(Enumerable.Range(headerEnd + 1, _good.Length - headerEnd - 1).Where(n => n % 13 == 0));
        foreach (int length in lengths)
            AssertRejected(_good[..length], $"truncated to {length}");
    }

    [Fact]
    public void RandomBitFlips_EitherLoadAValidCheckpointOrAreRejected()
    {
        var random = new DeterministicRandom(7);
        int headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(_good);
        int rejected = 0, loaded = 0;
        for (int trial = 0; trial < 3000; trial++)
        {
            byte[] bytes = (byte[])_good.Clone();
            // Two thirds of the flips hit the header, where the parsing risk is.
            int position = trial % 3 == 0 ? random.NextInt(bytes.Length) : random.NextInt(headerEnd);
            // Half single-bit flips, half random byte damage.
            bytes[position] ^= (byte)(trial % 2 == 0 ? 1 << random.NextInt(8) : 1 + random.NextInt(255));
            string path = _data.PathOf("flipped.safetensors");
            File.WriteAllBytes(path, bytes);
            try
            {
                var checkpoint = Checkpoint.Load(path);
                Assert.Equal(checkpoint.Config.VocabSize, checkpoint.Vocabulary.Size);
                Assert.All(checkpoint.Parameters, p => Assert.True(float.IsFinite(p)));
                _ = checkpoint.ToModel();
                loaded++;
            }
            catch (CheckpointException e)
            {
                Assert.DoesNotContain('\n', e.Message);
                rejected++;
            }
        }
        // Both outcomes happen: flips in weights load, flips in structure are caught.
        Assert.True(rejected > 100, $"only {rejected} rejected");
        Assert.True(loaded > 100, $"only {loaded} loaded");
    }

    [Theory]
    [InlineData(ulong.MaxValue)]
    [InlineData(1UL << 40)]
    [InlineData(100_000_001UL)]
    [InlineData(0UL)]
    public void HugeOrZeroHeaderLength_IsRejectedWithoutAllocating(ulong headerLength)
    {
        byte[] bytes = (byte[])_good.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, headerLength);
        AssertRejected(bytes, "header length");
    }

    [Fact]
    public void HeaderLengthPastEndOfFile_IsRejected()
    {
        byte[] bytes = (byte[])_good.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)bytes.Length);
        Assert.Contains("past the end", AssertRejected(bytes, "header past end"));
    }

    [Fact]
    public void OffsetsOutsideTheDataArea_AreRejected()
    {
        Assert.Contains("outside", AssertRejected(EditHeader(h => h["decoder.bias"]!["data_offsets"] = new JsonArray(0, 1 << 30)), "offsets"));
        Assert.Contains("outside", AssertRejected(EditHeader(h => h["decoder.bias"]!["data_offsets"] = new JsonArray(-4, 0)), "negative"));
    }

    [Fact]
    public void OverlappingAndUnalignedData_AreRejected()
    {
        var embedding = ReadOffsets("embedding.weight");
        var bias = ReadOffsets("decoder.bias");
        Assert.Contains("overlaps", AssertRejected(EditHeader(h =>
        {
            // Point the bias into the embedding's bytes: same size, so only the overlap is wrong.
            h["decoder.bias"]!["data_offsets"] = new JsonArray(embedding.Begin, embedding.Begin + (bias.End - bias.Begin));
        }), "overlap"));
        Assert.Matches("unaligned|span", AssertRejected(EditHeader(h =>
            h["decoder.bias"]!["data_offsets"] = new JsonArray(bias.Begin + 2, bias.End + 2)), "unaligned"));
    }

    [Theory]
    [InlineData("F16")]
    [InlineData("BF16")]
    [InlineData("F64")]
    public void WrongDtype_IsRejected(string dtype)
    {
        Assert.Contains("dtype", AssertRejected(EditHeader(h => h["rnn.weight_hh_l0"]!["dtype"] = dtype), dtype));
    }

    [Fact]
    public void ShapeNotMatchingOffsets_IsRejected()
    {
        Assert.Contains("needs", AssertRejected(EditHeader(h => h["decoder.bias"]!["shape"] = new JsonArray(3)), "shape"));
        AssertRejected(EditHeader(h => h["decoder.bias"]!["shape"] = new JsonArray(int.MaxValue, int.MaxValue, int.MaxValue)), "huge shape");
        AssertRejected(EditHeader(h => h["decoder.bias"]!["shape"] = new JsonArray(-1)), "negative dim");
    }

    [Fact]
    public void SelfConsistentFileWithShapesTheConfigDoesNotHave_IsRejected()
    {
        var layout = new ParameterLayout(_checkpoint.Config);
        var tensors = Weights(layout);
        // Transposed decoder: same number of values, wrong shape for nn.Linear.
        int i = tensors.FindIndex(t => t.Name == "decoder.weight");
        tensors[i] = tensors[i] with { Shape = [tensors[i].Shape[1], tensors[i].Shape[0]] };
        Assert.Contains("shape", AssertRejected(WriteRaw(GoodMetadata(), tensors), "transposed"));
    }

    [Fact]
    public void MissingOrUnexpectedTensors_AreRejected()
    {
        var layout = new ParameterLayout(_checkpoint.Config);
        var missing = Weights(layout).Where(t => t.Name != "rnn.bias_hh_l1").ToList();
        Assert.Contains("rnn.bias_hh_l1 is missing", AssertRejected(WriteRaw(GoodMetadata(), missing), "missing"));
        var extra = Weights(layout).Append(new SafeTensorsTensor("rnn.weight_ih_l2", [2], [1f, 2f])).ToList();
        Assert.Contains("unexpected tensor rnn.weight_ih_l2", AssertRejected(WriteRaw(GoodMetadata(), extra), "extra"));
        var newline = Weights(layout).Append(new SafeTensorsTensor("evil\nname" + new string('x', 5000), [1], [1f])).ToList();
        string message = AssertRejected(WriteRaw(GoodMetadata(), newline), "name with newline"); // AssertRejected checks: one line
        Assert.Contains("evil\\u000aname", message);
        Assert.True(message.Length < 500);
    }

    [Fact]
    public void NonFiniteWeights_AreRejected()
    {
        var layout = new ParameterLayout(_checkpoint.Config);
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            var tensors = Weights(layout);
            tensors[1].Data[2] = bad;
            Assert.Contains("NaN or infinity", AssertRejected(WriteRaw(GoodMetadata(), tensors), bad.ToString()));
        }
    }

    [Fact]
    public void BadMetadata_IsRejected()
    {
        var layout = new ParameterLayout(_checkpoint.Config);
        Assert.Contains("unsupported format", AssertRejected(WriteRaw(GoodMetadata(m => m["format"] = "charrnn-lsp/2"), Weights(layout)), "format"));
        Assert.Contains("not a CharRnnLsp", AssertRejected(WriteRaw(GoodMetadata(m => m.Remove("format")), Weights(layout)), "no format"));
        Assert.Contains("vocabulary has", AssertRejected(WriteRaw(GoodMetadata(m => m["vocabulary"] = "[-1,97,98]"), Weights(layout)), "vocab size"));
        Assert.Contains("config", AssertRejected(WriteRaw(GoodMetadata(m => m["config"] = "{\"cell\":\"lstm\"}"), Weights(layout)), "config"));
        Assert.Contains("unknown cell", AssertRejected(WriteRaw(GoodMetadata(m => m["config"] = m["config"].Replace("lstm", "transformer")), Weights(layout)), "cell"));
        Assert.Contains("JSON", AssertRejected(WriteRaw(GoodMetadata(m => m["vocabulary"] = "[-1,"), Weights(layout)), "vocab json"));
        Assert.Contains("JSON", AssertRejected(WithHeader(Encoding.UTF8.GetBytes("{\"__metadata__\": {")), "header json"));
        AssertRejected(WithHeader(Encoding.UTF8.GetBytes("[1, 2, 3]")), "array header");
        AssertRejected(WithHeader([0xC3, 0x28, 0x7B, 0x7D]), "invalid UTF-8 header");
        AssertRejected(WithHeader(Encoding.UTF8.GetBytes("{\"__metadata__\":{\"format\":\"\\ud800\"}}")), "lone surrogate escape");
        AssertRejected(WithHeader(Encoding.UTF8.GetBytes(new string('[', 100_000))), "deep nesting");
        AssertRejected(WithHeader(Encoding.UTF8.GetBytes("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},\"a\":{}}")), "duplicate name");
    }

    [Fact]
    public void HugeConfig_WithoutMatchingTensors_IsRejectedNotAllocated()
    {
        var layout = new ParameterLayout(_checkpoint.Config);
        string config = "{\"cell\":\"lstm\",\"vocab_size\":" + _checkpoint.Config.VocabSize +
                        ",\"embedding_size\":2000000000,\"hidden_size\":2000000000,\"layers\":2000000000,\"dropout\":0}";
        AssertRejected(WriteRaw(GoodMetadata(m => m["config"] = config), Weights(layout)), "huge config");
    }

    private string AssertRejected(byte[] bytes, string what)
    {
        string path = _data.PathOf("hostile.safetensors");
        File.WriteAllBytes(path, bytes);
        try
        {
            Checkpoint.Load(path);
        }
        catch (CheckpointException e)
        {
            Assert.DoesNotContain('\n', e.Message);
            Assert.Contains(path, e.Message);
            return e.Message;
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: expected CheckpointException, got {e.GetType().Name}: {e.Message}");
        }
        Assert.Fail($"{what}: the file loaded");
        return "";
    }

    private (long Begin, long End) ReadOffsets(string name)
    {
        var header = ParseHeader();
        var offsets = header[name]!["data_offsets"]!.AsArray();
        return (offsets[0]!.GetValue<long>(), offsets[1]!.GetValue<long>());
    }

    private JsonObject ParseHeader()
    {
        int length = (int)BinaryPrimitives.ReadUInt64LittleEndian(_good);
        return JsonNode.Parse(Encoding.UTF8.GetString(_good, 8, length))!.AsObject();
    }

    /// <summary>The good file with its header rewritten and the data area unchanged.</summary>
    private byte[] EditHeader(Action<JsonObject> edit)
    {
        var header = ParseHeader();
        edit(header);
        int length = (int)BinaryPrimitives.ReadUInt64LittleEndian(_good);
        return [.. WithHeader(Encoding.UTF8.GetBytes(header.ToJsonString())), .. _good[(8 + length)..]];
    }

    private static byte[] WithHeader(byte[] header)
    {
        var bytes = new byte[8 + header.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        return bytes;
    }

    private Dictionary<string, string> GoodMetadata(Action<Dictionary<string, string>>? edit = null)
    {
        var metadata = ParseHeader()["__metadata__"]!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>());
        edit?.Invoke(metadata);
        return metadata;
    }

    private List<SafeTensorsTensor> Weights(ParameterLayout layout) =>
        layout.Tensors.Select(v => new SafeTensorsTensor(v.Name, v.Shape, _checkpoint.Parameters.AsSpan(v.Offset, v.Length).ToArray())).ToList();

    private static byte[] WriteRaw(Dictionary<string, string> metadata, List<SafeTensorsTensor> tensors)
    {
        using var stream = new MemoryStream();
        SafeTensorsWriter.Write(stream, metadata, tensors);
        return stream.ToArray();
    }
}
