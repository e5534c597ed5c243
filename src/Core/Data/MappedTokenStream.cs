using System.IO.MemoryMappedFiles;

namespace CharRnnLsp.Core.Data;

/// <summary>
/// Tokens stored in a file as little-endian 1- or 2-byte integers and memory-mapped: the page cache holds the
/// corpus, so the process's own memory stays small and a second run reads nothing until it needs it.
/// </summary>
public sealed unsafe class MappedTokenStream : TokenStream
{
    private readonly MemoryMappedFile? _file;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _first;
    private readonly long _length;
    private readonly int _bytesPerToken;

    /// <param name="path">The token file; <paramref name="offset"/> bytes in, <paramref name="length"/> tokens follow.</param>
    public MappedTokenStream(string path, long offset, long length, int bytesPerToken, bool deleteOnClose = false)
    {
        if (bytesPerToken is not (1 or 2)) throw new ArgumentException($"tokens are 1 or 2 bytes, got {bytesPerToken}");
        _length = length;
        _bytesPerToken = bytesPerToken;
        if (length == 0)
        {
            if (deleteOnClose) File.Delete(path);
            return; // an empty file cannot be mapped
        }
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1,
            deleteOnClose ? FileOptions.DeleteOnClose : FileOptions.None);
        long size = stream.Length;
        if (size < offset + length * bytesPerToken)
        {
            stream.Dispose();
            throw new InvalidDataException($"{path} holds {size} bytes, fewer than {length} tokens of {bytesPerToken} bytes from {offset}");
        }
        _file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        // On Unix the mapping outlives the name: unlinking now leaves nothing behind even if the process is killed.
        if (deleteOnClose && !OperatingSystem.IsWindows()) File.Delete(path);
        _view = _file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _first = pointer + _view.PointerOffset + offset;
    }

    public override long Length => _length;
    public override int BytesPerToken => _bytesPerToken;

    protected override void ReadUnchecked(long start, Span<int> destination)
    {
        if (_bytesPerToken == 1)
        {
            var source = new ReadOnlySpan<byte>(_first + start, destination.Length);
            for (int i = 0; i < source.Length; i++) destination[i] = source[i];
        }
        else
        {
            var source = new ReadOnlySpan<ushort>(_first + start * 2, destination.Length);
            for (int i = 0; i < source.Length; i++) destination[i] = source[i];
        }
    }

    public override void Dispose()
    {
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }
        _file?.Dispose();
        base.Dispose();
    }
}
