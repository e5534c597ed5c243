using CharRnnLsp.Core.Checkpoints;
using Xunit;

namespace CharRnnLsp.Core.Tests;

/// <summary>A checkpoint path that is not a regular file is refused at once with one line, never opened.</summary>
public class CheckpointSpecialPathTests : IDisposable
{
    private readonly CheckpointTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Fifo_IsRefusedWithoutWaitingForAWriter()
    {
        string fifo = SpecialFiles.MakeFifo(_data.PathOf("model.safetensors"));
        var error = await Assert.ThrowsAsync<CheckpointException>(() => HangGuard.Run(() => Checkpoint.Load(fifo)));
        Assert.Equal($"cannot read checkpoint: {fifo} is a FIFO, not a regular file", error.Message);
    }

    [Fact]
    public async Task SocketDeviceAndFolder_AreRefusedByKind()
    {
        string socket = SpecialFiles.MakeSocket(_data.PathOf("socket.safetensors"));
        string zeroLink = _data.PathOf("zero.safetensors");
        File.CreateSymbolicLink(zeroLink, "/dev/zero");
        string folder = Directory.CreateDirectory(_data.PathOf("folder.safetensors")).FullName;
        foreach (var (path, kind) in new[] { (socket, "a socket"), ("/dev/zero", "a character device"), (zeroLink, "a character device"), (folder, "a directory") })
        {
            var error = await Assert.ThrowsAsync<CheckpointException>(() => HangGuard.Run(() => Checkpoint.Load(path)));
            Assert.Equal($"cannot read checkpoint: {path} is {kind}, not a regular file", error.Message);
        }
    }

    [Fact]
    public void SymlinkToARegularCheckpoint_StillLoads()
    {
        var checkpoint = CheckpointTestData.Create(withExtras: false);
        string real = _data.PathOf("real.safetensors");
        checkpoint.Save(real);
        string link = _data.PathOf("link.safetensors");
        File.CreateSymbolicLink(link, real);
        Assert.Equal(checkpoint.Parameters, Checkpoint.Load(link).Parameters);
    }
}
