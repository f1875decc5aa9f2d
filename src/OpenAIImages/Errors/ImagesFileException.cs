using System;

namespace OpenAIImages;

/// <summary>An image could not be written to a local file (a full disk, a denied folder); no partial file is left at <see cref="FilePath"/>.</summary>
/// <remarks>The cause (an <see cref="System.IO.IOException"/> or <see cref="UnauthorizedAccessException"/>) is the inner exception. The generation itself succeeded and is not sent again.</remarks>
public sealed class ImagesFileException : ImagesException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The readable message.</param>
    /// <param name="filePath">The file that could not be written.</param>
    /// <param name="innerException">The cause.</param>
    public ImagesFileException(string message, string filePath, Exception? innerException)
        : base(message, innerException)
    {
        FilePath = filePath;
    }

    /// <summary>Gets the file that could not be written.</summary>
    public string FilePath { get; }
}
