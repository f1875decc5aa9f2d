using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Internal;

namespace OpenAIImages.Responses;

/// <summary>
/// One image of a call written to a temporary file. Its format is read from its first bytes; <see cref="Commit"/>
/// renames it to its final name with the matching extension. Disposed before that, nothing is left behind.
/// </summary>
/// <remarks>Every file-system failure is an <see cref="ImagesFileException"/> naming the file.</remarks>
internal sealed class ImageFileWriter : IDisposable
{
    private readonly ImageFileTarget _target;
    private readonly int _index;
    private readonly AtomicFile _file;
    private readonly byte[] _head = new byte[ImageFormats.SniffBytes];
    private int _headLength;

    public ImageFileWriter(ImageFileTarget target, int index)
    {
        _target = target;
        _index = index;
        try
        {
            _file = AtomicFile.Create(target.Directory, target.NameOf(index));
        }
        catch (Exception ex) when (IsFileError(ex))
        {
            throw Failed(Path.Combine(target.Directory, target.NameOf(index)), ex);
        }
    }

    /// <summary>Gets how many bytes were written.</summary>
    public long Length { get; private set; }

    /// <summary>Appends bytes to the file.</summary>
    public async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        int keep = Math.Min(count, _head.Length - _headLength);
        if (keep > 0)
        {
            Buffer.BlockCopy(buffer, offset, _head, _headLength, keep);
            _headLength += keep;
        }

        Length += count;
        try
        {
#if NET
            await _file.Stream.WriteAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false);
#else
            await _file.Stream.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
#endif
        }
        catch (Exception ex) when (IsFileError(ex))
        {
            throw Failed(Path.Combine(_target.Directory, _target.NameOf(_index)), ex);
        }
    }

    /// <summary>Flushes the bytes to disk and closes the temporary file; it is put in place by <see cref="Commit"/>.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _file.CloseAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsFileError(ex))
        {
            throw Failed(Path.Combine(_target.Directory, _target.NameOf(_index)), ex);
        }
    }

    /// <summary>Puts the closed file in place under its final name; the format comes from its bytes, else from <paramref name="declared"/>.</summary>
    public (string Path, ImageOutputFormat? Format) Commit(ImageOutputFormat? declared)
    {
        ImageOutputFormat? format = ImageFormats.OutputFormatOf(_head.AsSpan(0, _headLength), Length) ?? declared;
        string path = Path.Combine(_target.Directory, _target.NameOf(_index) + ImageFormats.ExtensionOf(format));
        try
        {
            _file.MoveTo(path);
        }
        catch (Exception ex) when (IsFileError(ex))
        {
            throw Failed(path, ex);
        }

        return (path, format);
    }

    public void Dispose() => _file.Dispose();

    internal static bool IsFileError(Exception ex) => ex is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException;

    private ImagesFileException Failed(string path, Exception ex) =>
        new($"Image {_index} could not be written to '{path}': {ex.Message}", path, ex);
}
