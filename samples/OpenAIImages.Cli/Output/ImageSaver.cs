using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Cli.Output;

/// <summary>Saves every image of a result into a folder, each with a metadata JSON beside it, and returns the image paths.</summary>
/// <remarks>
/// Names are <c>&lt;yyyyMMdd-HHmmss&gt;-&lt;slug of the prompt&gt;-&lt;n&gt;&lt;extension&gt;</c>, n counting from 1; a streamed
/// partial image is <c>...-partial&lt;k&gt;&lt;extension&gt;</c> with no metadata. An existing file is never overwritten: a
/// name that is taken gets <c>-2</c>, <c>-3</c>, ... appended.
/// </remarks>
internal sealed class ImageSaver
{
    private readonly string _folder;
    private readonly TimeProvider _clock;
    // The names of the saves in flight: once a save's files are there (or it failed), the disk says whether a name is taken.
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    // Per base name, the suffix to try next: a batch's prompts that share a slug and a second would otherwise each try
    // every name the ones before them took. A hint only (the disk and _taken still decide), so it is cleared when large.
    private readonly Dictionary<string, int> _nextAttempt = new(StringComparer.Ordinal);
    private const int MaxHints = 1024;
    private readonly Lock _gate = new();

    public ImageSaver(string folder, TimeProvider clock)
    {
        _folder = Path.GetFullPath(folder);
        _clock = clock;
    }

    public async Task<IReadOnlyList<string>> SaveAsync(ImageResult result, SaveContext context, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_folder);
        string prefix = Prefix(context);
        var paths = new List<string>(result.Images.Count);
        foreach (GeneratedImage image in result.Images)
        {
            string baseName = Reserve($"{prefix}-{(image.Index + 1).ToString(CultureInfo.InvariantCulture)}", image.FileExtension);
            try
            {
                string imagePath = Path.Combine(_folder, baseName + image.FileExtension);
                await image.SaveAsync(imagePath, cancellationToken).ConfigureAwait(false);
                byte[] metadata = MetadataWriter.Write(result, image, context with { Size = context.Size ?? ImageDimensions.Of(imagePath) }, Path.GetFileName(imagePath));
                await WriteNewAsync(Path.Combine(_folder, baseName + ".json"), metadata, cancellationToken).ConfigureAwait(false);
                paths.Add(imagePath);
            }
            finally
            {
                Release(baseName);
            }
        }

        return paths;
    }

    /// <summary>Starts saving the events of one stream; its files share the time stamp of when the stream started.</summary>
    public StreamSaver StartStream(SaveContext context) => new(this, Prefix(context), context);

    private string Prefix(SaveContext context) =>
        _clock.GetLocalNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Slug.From(context.NameSource);

    // Batches save from several tasks; the set keeps two of them from picking the same free name.
    private string Reserve(string baseName, string extension)
    {
        lock (_gate)
        {
            int attempt = _nextAttempt.GetValueOrDefault(baseName, 1);
            string candidate = attempt == 1 ? baseName : Suffixed(baseName, attempt);
            while (IsTaken(candidate, extension))
            {
                candidate = Suffixed(baseName, ++attempt);
            }

            if (_nextAttempt.Count >= MaxHints)
            {
                _nextAttempt.Clear();
            }

            _nextAttempt[baseName] = attempt + 1;
            _taken.Add(candidate);
            return candidate;
        }

        static string Suffixed(string baseName, int attempt) => attempt == 1 ? baseName : baseName + "-" + attempt.ToString(CultureInfo.InvariantCulture);
    }

    private void Release(string baseName)
    {
        lock (_gate)
        {
            _taken.Remove(baseName);
        }
    }

    // A link counts as taken even when it points nowhere (File.Exists says false for a dangling one).
    private bool IsTaken(string baseName, string extension) =>
        _taken.Contains(baseName) || Occupied(Path.Combine(_folder, baseName + extension)) || Occupied(Path.Combine(_folder, baseName + ".json"));

    private static bool Occupied(string path) => new FileInfo(path) is var info && (info.Exists || info.LinkTarget is not null);

    // The metadata goes to a file created here, never into one that is there: a link planted at the name (even one
    // that points nowhere) makes the save fail rather than write through it, outside --out.
    private static async Task WriteNewAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, useAsync: true);
        await file.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Saves the events of one stream as they arrive: each partial image alone, each completed image with its metadata.</summary>
    internal sealed class StreamSaver
    {
        private readonly ImageSaver _saver;
        private readonly string _prefix;
        private readonly SaveContext _context;
        private int _completed;

        public StreamSaver(ImageSaver saver, string prefix, SaveContext context)
        {
            _saver = saver;
            _prefix = prefix;
            _context = context;
        }

        /// <summary>Saves a partial image as <c>&lt;prefix&gt;-partial&lt;k&gt;&lt;extension&gt;</c> and returns its path.</summary>
        public async Task<string> SavePartialAsync(ImagePartialEvent partial, CancellationToken cancellationToken)
        {
            Directory.CreateDirectory(_saver._folder);
            GeneratedImage image = partial.Image;
            string baseName = _saver.Reserve($"{_prefix}-partial{partial.PartialImageIndex.ToString(CultureInfo.InvariantCulture)}", image.FileExtension);
            try
            {
                string path = Path.Combine(_saver._folder, baseName + image.FileExtension);
                await image.SaveAsync(path, cancellationToken).ConfigureAwait(false);
                return path;
            }
            finally
            {
                _saver.Release(baseName);
            }
        }

        /// <summary>Saves a completed image as <c>&lt;prefix&gt;-&lt;n&gt;&lt;extension&gt;</c> with its metadata JSON and returns its path.</summary>
        public async Task<string> SaveCompletedAsync(ImageCompletedEvent completed, CancellationToken cancellationToken)
        {
            Directory.CreateDirectory(_saver._folder);
            GeneratedImage image = completed.Image;
            int number = Interlocked.Increment(ref _completed);
            string baseName = _saver.Reserve($"{_prefix}-{number.ToString(CultureInfo.InvariantCulture)}", image.FileExtension);
            try
            {
                string path = Path.Combine(_saver._folder, baseName + image.FileExtension);
                await image.SaveAsync(path, cancellationToken).ConfigureAwait(false);
                byte[] metadata = MetadataWriter.Write(completed, _context, Path.GetFileName(path));
                await WriteNewAsync(Path.Combine(_saver._folder, baseName + ".json"), metadata, cancellationToken).ConfigureAwait(false);
                return path;
            }
            finally
            {
                _saver.Release(baseName);
            }
        }
    }
}
