using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using OpenAIImages.Web.Gallery;
using OpenAIImages.Web.Json;
using OpenAIImages.Web.Safety;

namespace OpenAIImages.Web.Endpoints;

/// <summary>
/// The edit form read from its multipart body as it arrives: the text fields into strings, each image and the mask
/// into a temporary file of its own (readable by this user only, deleted when the upload is disposed), each file's type
/// checked from its first bytes and its size as it streams, so nothing larger than the limits is ever written or held.
/// </summary>
internal sealed class EditUpload : IAsyncDisposable
{
    /// <summary>The prefix of the temporary files, in the upload folder.</summary>
    public const string FilePrefix = "openaiimages-web-upload-";

    private const int MaxFieldBytes = 128 * 1024;
    private const int MaxParts = 24;
    private const int BlockSize = 80 * 1024;

    private readonly List<FileStream> _files = [];
    private readonly List<ImageInput> _images = [];
    private readonly string _folder;
    private readonly SampleLimits _limits;

    private EditUpload(string folder, SampleLimits limits)
    {
        _folder = folder;
        _limits = limits;
    }

    public string Prompt { get; private set; } = string.Empty;

    public string? Model { get; private set; }

    public string? Size { get; private set; }

    public IReadOnlyList<ImageInput> Images => _images;

    public ImageInput? Mask { get; private set; }

    /// <summary>Reads the form; on a refusal the error says why, with its status, and no file is left behind.</summary>
    /// <param name="request">The request, whose body is read once, forward only.</param>
    /// <param name="folder">Where the temporary files go.</param>
    /// <param name="limits">How many images an edit takes, and how long the form may take to arrive.</param>
    /// <param name="time">The clock of that deadline.</param>
    /// <param name="cancellationToken">The request's token.</param>
    public static async Task<(EditUpload? Upload, PageError? Error)> ReadAsync(HttpRequest request, string folder, SampleLimits limits, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out MediaTypeHeaderValue? type) ||
            !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return (null, new PageError(415, "failed", "Send the edit form as multipart/form-data."));
        }

        string? boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 70)
        {
            return (null, Malformed("its Content-Type names no multipart boundary"));
        }

        var upload = new EditUpload(folder, limits);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(limits.UploadSeconds), time);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        PageError? error;
        try
        {
            error = await upload.ReadPartsAsync(new MultipartReader(boundary, request.Body), reading.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            error = new PageError(408, "failed", $"The edit form did not arrive within {limits.UploadSeconds} seconds, the most this app waits for an upload; try again on a faster connection or with a smaller image.");
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // A broken or cut-off body (InvalidDataException), a body over Kestrel's limit or a client that went away
            // (BadHttpRequestException and the connection's errors are IOExceptions).
            error = ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
                ? new PageError(413, "failed", $"The edit form is larger than this app takes: at most {Megabytes(limits.MaxEditBodyBytes)} MB, for {ImageCount(limits.EditImages)} and a mask smaller than {Megabytes(SampleLimits.MaxFileBytes)} MB each.")
                : Malformed("its multipart body is malformed or cut off");
        }
        catch
        {
            await upload.DisposeAsync();
            throw;
        }

        if (error is not null)
        {
            await upload.DisposeAsync();
            return (null, error);
        }

        return (upload, null);
    }

    /// <summary>Closes the temporary files, which deletes them.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (FileStream file in _files)
        {
            await file.DisposeAsync();
        }

        _files.Clear();
    }

    private async Task<PageError?> ReadPartsAsync(MultipartReader reader, CancellationToken cancellationToken)
    {
        int parts = 0;
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (++parts > MaxParts)
            {
                return Malformed($"it has more than {MaxParts} parts");
            }

            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out ContentDispositionHeaderValue? disposition) ||
                !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase) ||
                HeaderUtilities.RemoveQuotes(disposition.Name).Value is not { Length: > 0 } name)
            {
                return Malformed("a part has no Content-Disposition of form-data with a name");
            }

            PageError? error = disposition.IsFileDisposition()
                ? await ReadFileAsync(name, disposition, section.Body, cancellationToken)
                : await ReadFieldAsync(name, section.Body, cancellationToken);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private async Task<PageError?> ReadFieldAsync(string name, Stream body, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(MaxFieldBytes + 1);
        try
        {
            int length = await body.ReadAtLeastAsync(buffer.AsMemory(0, MaxFieldBytes + 1), MaxFieldBytes + 1, throwOnEndOfStream: false, cancellationToken);
            if (length > MaxFieldBytes)
            {
                return Invalid(name, $"{name} is longer than this app takes ({MaxFieldBytes / 1024} KB)");
            }

            string value = Encoding.UTF8.GetString(buffer, 0, length);
            switch (name)
            {
                case "prompt":
                    Prompt = value;
                    break;
                case "model":
                    Model = GenerationForm.Text(value);
                    break;
                case "size":
                    Size = GenerationForm.Text(value);
                    break;
            }

            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<PageError?> ReadFileAsync(string name, ContentDispositionHeaderValue disposition, Stream body, CancellationToken cancellationToken)
    {
        bool mask = name == "mask";
        if (!mask && name != "image")
        {
            return Malformed($"it has a file named {name}; an edit takes image and mask");
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        try
        {
            // The first bytes say what the file is; nothing is written until they say it is an image the edit takes.
            int read = await body.ReadAtLeastAsync(buffer.AsMemory(0, BlockSize), 16, throwOnEndOfStream: false, cancellationToken);
            if (read == 0)
            {
                return null; // A file input left empty.
            }

            if (mask ? Mask is not null : _images.Count >= _limits.EditImages)
            {
                return Invalid(name, mask ? "an edit takes one mask" : $"this app takes {ImageCount(_limits.EditImages)} per edit");
            }

            string type = ImageMediaType.Of(buffer.AsSpan(0, read));
            if (mask ? type != "image/png" : type is not ("image/png" or "image/jpeg" or "image/webp"))
            {
                return Invalid(name, mask ? "mask is not a PNG file" : "image is not a PNG, JPEG or WebP file");
            }

            FileStream file = CreateFile();
            long total = 0;
            while (read > 0)
            {
                total += read;
                if (total >= SampleLimits.MaxFileBytes)
                {
                    return Invalid(name, $"{name} is {Megabytes(SampleLimits.MaxFileBytes)} MB or more; this app takes files smaller than {Megabytes(SampleLimits.MaxFileBytes)} MB");
                }

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                read = await body.ReadAsync(buffer.AsMemory(0, BlockSize), cancellationToken);
            }

            file.Position = 0;
            string? fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
            ImageInput input = ImageInput.FromStream(file, string.IsNullOrWhiteSpace(fileName) ? null : fileName);
            if (mask)
            {
                Mask = input;
            }
            else
            {
                _images.Add(input);
            }

            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private FileStream CreateFile()
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = FileOptions.DeleteOnClose | FileOptions.Asynchronous,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var file = new FileStream(Path.Combine(_folder, FilePrefix + Guid.NewGuid().ToString("N")), options);
        _files.Add(file);
        return file;
    }

    private static PageError Malformed(string why) => new(400, "failed", $"The edit form could not be read: {why}.");

    private static PageError Invalid(string field, string message) =>
        new(400, "validation", "The request was not sent: one field needs a change.", [new FieldError(field, message)]);

    private static string ImageCount(int count) => count == 1 ? "one image" : $"{count} images";

    private static long Megabytes(long bytes) => bytes / (1024 * 1024);
}
