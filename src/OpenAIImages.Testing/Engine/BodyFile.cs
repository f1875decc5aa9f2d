using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Testing.Engine;

/// <summary>
/// One multipart file part, as <see cref="BodyReader"/> buffered it: in memory when small, else in a temporary file that
/// is deleted when the part is disposed (WebUtilities' FileBufferingReadStream), so an upload of any size costs disk,
/// not memory.
/// </summary>
internal sealed class BodyFile : IDisposable
{
    private readonly Stream _content;
    private byte[]? _data;

    /// <param name="name">The part's form name.</param>
    /// <param name="fileName">The file name it was sent with.</param>
    /// <param name="contentType">Its Content-Type, or empty.</param>
    /// <param name="content">The part's content, read to its end, seekable; owned from here on.</param>
    public BodyFile(string name, string fileName, string contentType, Stream content)
    {
        Name = name;
        FileName = fileName;
        ContentType = contentType;
        _content = content;
    }

    public string Name { get; }

    public string FileName { get; }

    public string ContentType { get; }

    public long Length => _content.Length;

    /// <summary>Gets the whole content, read into memory on first use: for input images, which the rules decode anyway.</summary>
    public byte[] Data
    {
        get
        {
            if (_data is null)
            {
                _content.Position = 0;
                byte[] data = new byte[_content.Length];
                _content.ReadExactly(data);
                _data = data;
            }

            return _data;
        }
    }

    /// <summary>Copies the content to <paramref name="destination"/> a buffer at a time: how an upload reaches the file store.</summary>
    public async Task CopyToAsync(Stream destination, CancellationToken cancellationToken)
    {
        _content.Position = 0;
        await _content.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _content.Dispose();
}
