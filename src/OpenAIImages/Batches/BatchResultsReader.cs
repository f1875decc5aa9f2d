using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Responses;

namespace OpenAIImages.Batches;

/// <summary>
/// Reads one output or error file of a batch, line by line, each image decoded straight to its file. A line that cannot
/// be read becomes a failed line (code <see cref="UnreadableLine"/>) and the lines after it are still read: each of
/// them is a paid answer. A line too long to hold (an image's base64) is streamed, never held whole.
/// </summary>
internal sealed class BatchResultsReader(ImageDownloader downloader, Func<string, string> redact, Costs.BatchPricing pricing)
{
    /// <summary>The error code of a line that is not a batch result, or whose answer could not be read.</summary>
    public const string UnreadableLine = "unreadable_batch_line";

    // The custom_id of a line too broken to parse, when it can still be seen, to name the request in the error.
    private static readonly Regex CustomIdPattern = new("\"custom_id\"\\s*:\\s*\"([^\"\\\\]{1,256})\"", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>Gets what prices the lines of the batches this client submitted.</summary>
    public Costs.BatchPricing Pricing => pricing;

    public async IAsyncEnumerable<ImagesBatchLineResult> ReadAsync(
        Stream body,
        string fileId,
        string directory,
        BatchFileNames names,
        Costs.CostBasis? cost,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new JsonLineReader(body);
        int number = 0;
        while (await ReadLineAsync(reader, cancellationToken).ConfigureAwait(false))
        {
            number++;
            var line = new LineContext(fileId, number, directory, names, cost);
            yield return reader.IsWhole
                ? await ReadWholeLineAsync(reader.Line, line, cancellationToken).ConfigureAwait(false)
                : await ReadLongLineAsync(reader, line, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<bool> ReadLineAsync(JsonLineReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsBroken(ex, cancellationToken))
        {
            throw Broken(ex);
        }
    }

    private async Task<ImagesBatchLineResult> ReadWholeLineAsync(ArraySegment<byte> text, LineContext at, CancellationToken cancellationToken)
    {
        BatchOutputLine line;
        try
        {
            line = BatchOutputLine.Parse(text);
        }
        catch (JsonException ex)
        {
            return Unreadable(at, SalvageCustomId(text), "it is not a batch result: " + ex.Message, null, ex);
        }

        string customId = line.CustomId ?? string.Empty;
        if (line.Status is >= 200 and < 300 && line.Body.Length > 0)
        {
            using var body = new MemoryStream(text.Array!, text.Offset + line.Body.Start, line.Body.Length, writable: false);
            return await ReadAnswerAsync(body, line, customId, at, cancellationToken).ConfigureAwait(false);
        }

        if (line.Body.Length > 0)
        {
            line.ReadErrorBody(text.AsSpan(line.Body.Start, line.Body.Length));
        }

        return Failed(line, customId);
    }

    // A line longer than the reader's window: its answer's body is streamed to the image reader when the line's start
    // allows (its id and status before the body, as the API writes them); otherwise it is held whole after all.
    private async Task<ImagesBatchLineResult> ReadLongLineAsync(JsonLineReader reader, LineContext at, CancellationToken cancellationToken)
    {
        BatchOutputLine head = BatchOutputLine.ParseHead(reader.Line);
        try
        {
            if (!head.StoppedAtBody || head.Status is < 200 or >= 300)
            {
                await reader.ReadWholeAsync(cancellationToken).ConfigureAwait(false);
                return await ReadWholeLineAsync(reader.Line, at, cancellationToken).ConfigureAwait(false);
            }

            ImagesBatchLineResult result;
            using (Stream body = reader.OpenValue(head.Body.Start))
            {
                result = await ReadAnswerAsync(body, head, head.CustomId!, at, cancellationToken).ConfigureAwait(false);
            }

            await reader.SkipLineAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        catch (Exception ex) when (IsBroken(ex, cancellationToken))
        {
            throw Broken(ex);
        }
    }

    // A success line's body, as the images endpoints answer: read as a response of its own, its images to files.
    private async Task<ImagesBatchLineResult> ReadAnswerAsync(Stream body, BatchOutputLine line, string customId, LineContext at, CancellationToken cancellationToken)
    {
        string? requestId = line.RequestId is { } id ? redact(id) : null;
        try
        {
            ImageFileTarget target = ImageFileTarget.Create(at.Directory, at.Names.Take(customId));
            ImageResult result = await ImagesResponseReader.ReadAsync(body, line.Status, requestId, downloader, target, cancellationToken).ConfigureAwait(false);
            result.Cost = Costs.BatchPricing.Price(at.Cost, result);
            return new ImagesBatchLineResult(customId, result, null);
        }
        catch (ImagesInvalidResponseException ex)
        {
            return Unreadable(at, customId, "its answer could not be read: " + ex.Message, requestId, ex);
        }
        catch (ImagesDownloadException ex)
        {
            return Unreadable(at, customId, "its image could not be downloaded: " + ex.Message, requestId, ex);
        }
    }

    private ImagesBatchLineResult Failed(BatchOutputLine line, string customId)
    {
        string? requestId = line.RequestId is { } id ? redact(id) : null;
        string server = redact(line.ErrorMessage ?? "no reason given");
        string? code = Redact(line.ErrorCode);
        var details = new ImagesApiErrorDetails(line.Status, Redact(line.ErrorType), code, Redact(line.ErrorParam), server, requestId, null);
        string answered = line.Status == 0 ? "got no answer" : "was answered " + line.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string codeText = code is null ? string.Empty : " (" + code + ")";
        string shown = redact(customId);
        return new ImagesBatchLineResult(customId, null, new ImagesBatchLineException(shown, $"Batch request '{shown}' {answered}{codeText}: {server}", details));
    }

    private ImagesBatchLineResult Unreadable(LineContext at, string? customId, string problem, string? requestId, Exception inner)
    {
        string shown = redact(customId ?? string.Empty);
        string which = customId is null ? string.Empty : $" (request '{shown}')";
        string message = redact($"Line {at.Number} of batch file {at.FileId}{which} could not be read, so its result is lost: {problem}");
        var details = new ImagesApiErrorDetails(200, null, UnreadableLine, null, message, requestId, null);
        return new ImagesBatchLineResult(customId ?? string.Empty, null, new ImagesBatchLineException(shown, message, details, inner));
    }

    private string? Redact(string? text) => text is null ? null : redact(text);

    private static string? SalvageCustomId(ArraySegment<byte> text)
    {
        string start = Encoding.UTF8.GetString(text.Array!, text.Offset, Math.Min(text.Count, 4096));
        Match match = CustomIdPattern.Match(start);
        return match.Success ? match.Groups[1].Value : null;
    }

    // A failure of the download itself (not of one line): the rest of the file cannot be read.
    private static bool IsBroken(Exception ex, CancellationToken cancellationToken) =>
        ex is IOException or HttpRequestException or ObjectDisposedException && !cancellationToken.IsCancellationRequested;

    private static ImagesConnectionException Broken(Exception ex) =>
        new($"The connection broke during the batch file download: {Internal.Redaction.Text(ex.Message, null)}", ex);

    /// <summary>Where a line stands: its file and number, and where its images go.</summary>
    private sealed record LineContext(string FileId, int Number, string Directory, BatchFileNames Names, Costs.CostBasis? Cost);
}
