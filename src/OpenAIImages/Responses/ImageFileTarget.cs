using System;
using System.IO;

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
    /// <exception cref="ImagesFileException">The folder or the temporary file could not be created.</exception>
    public ImageFileWriter Open(int index) => new(this, index);

    /// <summary>The file name of image <paramref name="index"/> without its extension.</summary>
    public string NameOf(int index) => Prefix + "-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
