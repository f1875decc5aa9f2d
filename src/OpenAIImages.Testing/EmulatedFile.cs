namespace OpenAIImages.Testing;

/// <summary>A file part of a multipart request that the emulator received.</summary>
public sealed class EmulatedFile
{
    internal EmulatedFile(string name, string fileName, string contentType, long length)
    {
        Name = name;
        FileName = fileName;
        ContentType = contentType;
        Length = length;
    }

    /// <summary>Gets the form field name, for example <c>image</c>, <c>image[]</c> or <c>mask</c>.</summary>
    public string Name { get; }

    /// <summary>Gets the file name sent in <c>Content-Disposition</c>; empty when none was sent.</summary>
    public string FileName { get; }

    /// <summary>Gets the part's <c>Content-Type</c>; empty when none was sent.</summary>
    public string ContentType { get; }

    /// <summary>Gets the number of bytes in the part's body.</summary>
    public long Length { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {FileName} ({ContentType}, {Length} bytes)";
}
