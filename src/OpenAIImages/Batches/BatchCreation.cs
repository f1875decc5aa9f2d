using System;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Pipeline;

namespace OpenAIImages.Batches;

/// <summary>
/// Creates a batch at most once. The body carries a key of the submission's in its metadata; after a failure worth
/// retrying (the answer lost to a connection reset, a timeout, a 5xx: the batch may exist and be billed), the pipeline's
/// retry waits its delay and asks for the next attempt's body. That is refused (<see cref="ResendStopped"/>), the
/// batch is looked up by its key, and only when none has it is the creation sent again.
/// </summary>
internal sealed class BatchCreation(
    CreateBatchBody body,
    string key,
    int maxRetries,
    Func<ImageCall, CancellationToken, Task<ImagesBatch>> send,
    Func<string, long, CancellationToken, Task<ImagesBatch?>> find)
{
    /// <summary>Sends the creation, or finds the batch an earlier send of it made.</summary>
    /// <param name="started">When the submission started, in Unix seconds: where the look-up stops.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    public async Task<ImagesBatch> SendAsync(long started, CancellationToken cancellationToken)
    {
        for (int sends = 1; ; sends++)
        {
            int attempts = 0;
            var create = new ImageCall("batch creation", HttpMethod.Post, "batches", _ => ++attempts == 1 ? Content() : throw new ResendStopped());
            try
            {
                return await send(create, cancellationToken).ConfigureAwait(false);
            }
            catch (ResendStopped)
            {
                if (await find(key, started, cancellationToken).ConfigureAwait(false) is { } created)
                {
                    return created;
                }

                if (sends > maxRetries)
                {
                    throw new ImagesConnectionException(
                        $"The batch creation failed {sends} times in ways worth retrying (ImagesClientOptions.Retry.MaxRetries is {maxRetries}), and no batch has its submit key {key}: none was created. Submit again.",
                        null);
                }
            }
        }
    }

    private HttpContent Content()
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, BatchJsonContext.Default.CreateBatchBody));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        return content;
    }

    /// <summary>Stops the pipeline from sending a batch creation again before the batch it may have created is looked up.</summary>
    private sealed class ResendStopped() : Exception("The batch creation is looked up before it is sent again.");
}
