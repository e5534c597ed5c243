using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using CharRnnLsp.Core.Checkpoints;
using CharRnnLsp.Core.Model;
using Xunit;

namespace CharRnnLsp.Core.Tests;

public class CheckpointRoundTripTests
{
    [Theory]
    [InlineData(CellType.Lstm, 1)]
    [InlineData(CellType.Lstm, 3)]
    [InlineData(CellType.Gru, 2)]
    [InlineData(CellType.Rnn, 2)]
    public void SaveThenLoad_IsBitExact(CellType cell, int layers)
    {
        using var data = new CheckpointTestData();
        var original = CheckpointTestData.Create(cell, layers);
        string path = data.PathOf("model.safetensors");
        original.Save(path);
        var loaded = Checkpoint.Load(path);

        Assert.Equal(original.Config, loaded.Config);
        Assert.Equal(original.Vocabulary.CodePoints, loaded.Vocabulary.CodePoints);
        Assert.Equal(Bits(original.Parameters), Bits(loaded.Parameters));
        Assert.Equal(original.Sections, loaded.Sections);
        Assert.Equal(original.ExtraTensors.Keys.Order(), loaded.ExtraTensors.Keys.Order());
        foreach (var (name, extra) in original.ExtraTensors)
        {
            Assert.Equal(extra.Shape, loaded.ExtraTensors[name].Shape);
            Assert.Equal(Bits(extra.Data), Bits(loaded.ExtraTensors[name].Data));
        }
        Assert.Equal(original.Parameters.Length, loaded.ToModel().Parameters.Length);
    }

    [Fact]
    public void File_HasSafeTensorsLayout_WithDocumentedMetadata()
    {
        using var data = new CheckpointTestData();
        var checkpoint = CheckpointTestData.Create();
        string path = data.PathOf("m.safetensors");
        checkpoint.Save(path);
        byte[] bytes = File.ReadAllBytes(path);
        long headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, headerLength % 8);
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, (int)headerLength));
        var metadata = header.RootElement.GetProperty("__metadata__");
        Assert.Equal("charrnn-lsp/1", metadata.GetProperty("format").GetString());
        using var config = JsonDocument.Parse(metadata.GetProperty("config").GetString()!);
        Assert.Equal("lstm", config.RootElement.GetProperty("cell").GetString());
        Assert.Equal(checkpoint.Config.VocabSize, config.RootElement.GetProperty("vocab_size").GetInt32());
        Assert.Equal("{\"step\":42,\"lr\":0.002}", metadata.GetProperty("training").GetString());

        // Each layout tensor sits at its data_offsets with PyTorch's shape.
        var layout = new ParameterLayout(checkpoint.Config);
        foreach (var view in layout.Tensors)
        {
            var entry = header.RootElement.GetProperty(view.Name);
            Assert.Equal("F32", entry.GetProperty("dtype").GetString());
            Assert.Equal(view.Shape, entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
            long begin = entry.GetProperty("data_offsets")[0].GetInt64();
            float first = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan((int)(8 + headerLength + begin)));
            Assert.Equal(checkpoint.Parameters[view.Offset], first);
        }
        Assert.True(header.RootElement.TryGetProperty("training.adam.m", out _));
    }

    [Fact]
    public void Save_ReplacesAtomically_LeavingNoTempFiles()
    {
        using var data = new CheckpointTestData();
        string path = data.PathOf("m.safetensors");
        CheckpointTestData.Create(seed: 1).Save(path);
        var second = CheckpointTestData.Create(seed: 2);
        second.Save(path);
        Assert.Equal(Bits(second.Parameters), Bits(Checkpoint.Load(path).Parameters));
        Assert.Equal(["m.safetensors"], Directory.GetFiles(data.Folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Save_RefusesWhatLoadWouldReject()
    {
        using var data = new CheckpointTestData();
        var good = CheckpointTestData.Create();
        var nan = good with { Parameters = good.Parameters.Select((p, i) => i == 3 ? float.NaN : p).ToArray() };
        Assert.Throws<CheckpointException>(() => nan.Save(data.PathOf("nan.safetensors")));
        var reserved = good with { Sections = new Dictionary<string, string> { ["config"] = "{}" } };
        Assert.Throws<CheckpointException>(() => reserved.Save(data.PathOf("r.safetensors")));
        Assert.Empty(Directory.GetFiles(data.Folder));
    }

    [Fact]
    public void Load_MissingFile_SaysSo()
    {
        var error = Assert.Throws<CheckpointException>(() => Checkpoint.Load("/nonexistent/dir/x.safetensors"));
        Assert.Contains("not found", error.Message);
    }

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();
}
