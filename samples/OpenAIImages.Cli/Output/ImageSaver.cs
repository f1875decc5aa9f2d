using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Cli.Output;

/// <summary>Saves every image of a result into a folder, each with a metadata JSON beside it, and returns the image paths.</summary>
/// <remarks>
/// Names are <c>&lt;yyyyMMdd-HHmmss&gt;-&lt;slug of the prompt&gt;-&lt;n&gt;&lt;extension&gt;</c>, n counting from 1; an existing
/// file is never overwritten: a name that is taken gets <c>-2</c>, <c>-3</c>, ... appended.
/// </remarks>
internal sealed class ImageSaver
{
    private readonly string _folder;
    private readonly TimeProvider _clock;
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public ImageSaver(string folder, TimeProvider clock)
    {
        _folder = Path.GetFullPath(folder);
        _clock = clock;
    }

    public async Task<IReadOnlyList<string>> SaveAsync(ImageResult result, SaveContext context, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_folder);
        string stamp = _clock.GetLocalNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        string slug = Slug.From(context.NameSource);
        var paths = new List<string>(result.Images.Count);
        foreach (GeneratedImage image in result.Images)
        {
            string baseName = Reserve($"{stamp}-{slug}-{(image.Index + 1).ToString(CultureInfo.InvariantCulture)}", image.FileExtension);
            string imagePath = Path.Combine(_folder, baseName + image.FileExtension);
            await image.SaveAsync(imagePath, cancellationToken).ConfigureAwait(false);
            byte[] metadata = MetadataWriter.Write(result, image, context, Path.GetFileName(imagePath));
            await File.WriteAllBytesAsync(Path.Combine(_folder, baseName + ".json"), metadata, cancellationToken).ConfigureAwait(false);
            paths.Add(imagePath);
        }

        return paths;
    }

    // Batches save from several tasks; the set keeps two of them from picking the same free name.
    private string Reserve(string baseName, string extension)
    {
        lock (_gate)
        {
            string candidate = baseName;
            for (int attempt = 2; IsTaken(candidate, extension); attempt++)
            {
                candidate = baseName + "-" + attempt.ToString(CultureInfo.InvariantCulture);
            }

            _taken.Add(candidate);
            return candidate;
        }
    }

    private bool IsTaken(string baseName, string extension) =>
        _taken.Contains(baseName)
        || File.Exists(Path.Combine(_folder, baseName + extension))
        || File.Exists(Path.Combine(_folder, baseName + ".json"));
}
