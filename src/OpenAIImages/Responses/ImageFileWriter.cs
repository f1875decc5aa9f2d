using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Internal;

namespace OpenAIImages.Responses;

/// <summary>Where a call writes its images as they arrive: <c>{Directory}/{Prefix}-{index}{extension}</c>.</summary>
internal sealed record ImageFileTarget(string Directory, string Prefix)
{
    /// <summary>Checks the caller's folder and prefix.</summary>
    /// <exception cref="ArgumentException">The folder is empty, or the prefix is empty or not a plain file name.</exception>
    public static ImageFileTarget Create(string directory, string? prefix)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            throw new ArgumentException("A folder to write the images to is required.", nameof(directory));
        }

        prefix ??= "image";
        if (prefix.Length == 0 || prefix.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || prefix.IndexOfAny(['/', '\\']) >= 0)
        {
            throw new ArgumentException($"fileNamePrefix '{prefix}' must be a plain, non-empty file name (no folders, no characters a file name cannot hold).", "fileNamePrefix");
        }

        return new ImageFileTarget(Path.GetFullPath(directory), prefix);
    }

    /// <summary>Starts the file of image <paramref name="index"/>.</summary>
    public ImageFileWriter Open(int index) => new(this, index);
}

/// <summary>
/// One image being written to a temporary file; its format is read from its first bytes, and <see cref="CommitAsync"/>
/// renames it to its final name with the matching extension. Disposed uncommitted, nothing is left behind.
/// </summary>
internal sealed class ImageFileWriter : IDisposable
{
    private readonly ImageFileTarget _target;
    private readonly int _index;
    private readonly AtomicFile _file;
    private readonly byte[] _head = new byte[GeneratedImage.FormatHeadLength];
    private int _headLength;
    private long _length;

    public ImageFileWriter(ImageFileTarget target, int index)
    {
        _target = target;
        _index = index;
        _file = AtomicFile.Create(target.Directory, NameWithout(index));
    }

    /// <summary>Appends bytes to the file.</summary>
#if NET
    public ValueTask WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
#else
    public Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
#endif
    {
        int keep = Math.Min(count, _head.Length - _headLength);
        if (keep > 0)
        {
            Buffer.BlockCopy(buffer, offset, _head, _headLength, keep);
            _headLength += keep;
        }

        _length += count;
#if NET
        return _file.Stream.WriteAsync(buffer.AsMemory(offset, count), cancellationToken);
#else
        return _file.Stream.WriteAsync(buffer, offset, count, cancellationToken);
#endif
    }

    /// <summary>Puts the file in place under its final name; the format comes from its bytes, else from <paramref name="declared"/>.</summary>
    public async Task<(string Path, ImageOutputFormat? Format)> CommitAsync(ImageOutputFormat? declared, CancellationToken cancellationToken)
    {
        ImageOutputFormat? format = GeneratedImage.FormatOf(_head.AsSpan(0, _headLength), _length) ?? declared;
        string path = Path.Combine(_target.Directory, NameWithout(_index) + GeneratedImage.ExtensionOf(format));
        await _file.CommitAsync(path, cancellationToken).ConfigureAwait(false);
        return (path, format);
    }

    public void Dispose() => _file.Dispose();

    private string NameWithout(int index) => _target.Prefix + "-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
