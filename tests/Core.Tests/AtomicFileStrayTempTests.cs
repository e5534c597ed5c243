using CharRnnLsp.Core.Files;
using Xunit;

namespace CharRnnLsp.Core.Tests;

/// <summary>Temp files left by a kill during a save are removed by the next save of the same target, and only those.</summary>
public class AtomicFileStrayTempTests : IDisposable
{
    private readonly CheckpointTestData _data = new();

    public void Dispose() => _data.Dispose();

    private string StrayTemp(string target, DateTime lastWrite)
    {
        string path = _data.PathOf(StrayTempFiles.NameFor(target, Guid.NewGuid()));
        File.WriteAllText(path, "half a checkpoint");
        File.SetLastWriteTimeUtc(path, lastWrite);
        return path;
    }

    [Fact]
    public void Save_RemovesAbandonedTempsOfItsTarget_AndNothingElse()
    {
        var old = DateTime.UtcNow - StrayTempFiles.MinimumAge - TimeSpan.FromMinutes(1);
        string[] abandoned = [StrayTemp("m.safetensors", old), StrayTemp("m.safetensors", old)];
        string young = StrayTemp("m.safetensors", DateTime.UtcNow);
        string otherTarget = StrayTemp("m.latest.safetensors", old);
        string lookalike = _data.PathOf(".m.safetensors.not-a-guid.tmp");
        File.WriteAllText(lookalike, "x");
        File.SetLastWriteTimeUtc(lookalike, old);
        string locked = StrayTemp("m.safetensors", old);
        using (new FileStream(locked, FileMode.Open, FileAccess.Write, FileShare.None)) // a writer still at work
        {
            CheckpointTestData.Create().Save(_data.PathOf("m.safetensors"));
        }

        Assert.All(abandoned, path => Assert.False(File.Exists(path), path));
        Assert.All([young, otherTarget, lookalike, locked], path => Assert.True(File.Exists(path), path));
        Assert.True(File.Exists(_data.PathOf("m.safetensors")));
    }

    [Theory]
    [InlineData(".m.safetensors.0123456789abcdef0123456789abcdef.tmp", "m.safetensors", true)]
    [InlineData(".m.safetensors.0123456789ABCDEF0123456789abcdef.tmp", "m.safetensors", false)]
    [InlineData(".m.safetensors.0123456789abcdef0123456789abcde.tmp", "m.safetensors", false)]
    [InlineData(".m.latest.safetensors.0123456789abcdef0123456789abcdef.tmp", "m.safetensors", false)]
    [InlineData(".m.safetensors.0123456789abcdef0123456789abcdef.tmp", "m", false)]
    [InlineData("m.safetensors.0123456789abcdef0123456789abcdef.tmp", "m.safetensors", false)]
    public void TempNamePattern_MatchesOnlyThatTarget(string fileName, string target, bool expected) =>
        Assert.Equal(expected, StrayTempFiles.IsTempOf(fileName, target));
}
