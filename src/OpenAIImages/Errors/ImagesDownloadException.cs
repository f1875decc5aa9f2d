using System;

namespace OpenAIImages;

/// <summary>An image given as a URL could not be downloaded: the image host refused, failed, timed out (<see cref="ImagesClientOptions.DownloadTimeout"/>) or broke off.</summary>
/// <remarks>The generation itself succeeded; the message names the image by index and its URL without the query, which may hold a signature.</remarks>
public sealed class ImagesDownloadException : ImagesException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The readable message.</param>
    /// <param name="imageIndex">The image's position in its result.</param>
    /// <param name="status">The image host's HTTP status, when it answered.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ImagesDownloadException(string message, int imageIndex, int? status, Exception? innerException)
        : base(message, innerException)
    {
        ImageIndex = imageIndex;
        Status = status;
    }

    /// <summary>Gets the image's position in its result.</summary>
    public int ImageIndex { get; }

    /// <summary>Gets the image host's HTTP status, or null when it gave none (a timeout or a broken connection).</summary>
    public int? Status { get; }
}
