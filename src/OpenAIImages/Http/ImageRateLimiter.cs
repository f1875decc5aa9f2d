using System;
using System.Collections.Generic;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using OpenAIImages.Internal;

namespace OpenAIImages.Http;

/// <summary>
/// The client-side limit: images per minute per model (and per end user when partitioned), and the pauses the service
/// asks for in its rate-limit headers, kept in the options' <see cref="ImagesRateLimitStore"/> or, by default, in this
/// process on the options' clock.
/// </summary>
/// <remarks>
/// A call that must wait reserves its images at once, so waiting calls are served in order, and gives them back if it
/// is cancelled.
/// </remarks>
internal sealed class ImageRateLimiter
{
    private readonly ImagesRateLimitOptions _options;
    private readonly TimeProvider _time;
    private readonly ImagesRateLimitStore _store;

    public ImageRateLimiter(ImagesRateLimitOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _store = options.Store ?? new InProcessRateLimitStore(time);
    }

    /// <summary>Takes the call's images from its model's budget, waiting up to <see cref="ImagesRateLimitOptions.MaxWait"/>; a wait longer than <paramref name="remaining"/> (what is left of the call's deadline) is refused.</summary>
    /// <returns>Null once the images are taken (after any wait), or the wait that was refused; a refused wait takes nothing.</returns>
    /// <exception cref="ImagesConnectionException">A shared store failed.</exception>
    public async ValueTask<TimeSpan?> AcquireAsync(ImageCall call, TimeSpan? remaining, ILogger logger, CancellationToken cancellationToken)
    {
        string? model = call.Model;
        if (model is null)
        {
            return null;
        }

        // A model without a limit of its own is held back only by a pause the service asked for.
        int perMinute = _options.ImagesPerMinute.TryGetValue(model, out int limit) && limit > 0 ? limit : 0;
        if (perMinute == 0 && !_options.PaceByServerHeaders)
        {
            return null;
        }

        int images = call.Images;
        string? partition = _options.PartitionByUser && !string.IsNullOrEmpty(call.User) ? call.User : null;
        int permits = perMinute > 0 ? Math.Min(Math.Max(images, 1), perMinute) : Math.Max(images, 1);

        // A wait past the call's deadline would end in a timeout anyway: such a wait is refused now, and takes nothing.
        TimeSpan most = remaining is { } left && left < _options.MaxWait ? left : _options.MaxWait;
        TimeSpan wait;
        try
        {
            wait = await _store.TakeAsync(model, partition, permits, perMinute, most, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw StoreFailed(call, ex);
        }

        if (wait > most)
        {
            return wait;
        }

        if (wait > TimeSpan.Zero)
        {
            Log.RateLimitWait(logger, model, images, wait.TotalMilliseconds);
            Diagnostics.PipelineEvents.RateLimitWaiting(model, images, wait);

            try
            {
#if NET
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
#else
                await _time.Delay(wait, cancellationToken).ConfigureAwait(false);
#endif
            }
            catch (OperationCanceledException)
            {
                await GiveBackAsync(model, partition, permits, perMinute).ConfigureAwait(false);
                throw;
            }
        }

        return null;
    }

    /// <summary>Pauses the call's model until the reset the response names, when it says the service's budget is spent; never fails.</summary>
    public async ValueTask ObserveAsync(ImageCall call, HttpResponseHeaders headers)
    {
        if (!_options.PaceByServerHeaders || call.Model is not { } model || ServerRateLimitHeaders.SpentUntilReset(headers) is not { } reset)
        {
            return;
        }

        try
        {
            await _store.PauseAsync(model, reset, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The response has arrived (and may be paid for): a store that cannot record the pause must not fail the call.
            // The next call meets the store's failure itself.
        }
    }

    private async ValueTask GiveBackAsync(string model, string? partition, int permits, int perMinute)
    {
        if (perMinute == 0)
        {
            return;
        }

        try
        {
            await _store.ReturnAsync(model, partition, permits, perMinute, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The call ends as cancelled whatever happens here; images not given back refill with time.
        }
    }

    private ImagesConnectionException StoreFailed(ImageCall call, Exception ex) =>
        new($"The {call.Operation} request could not take its images from the rate-limit store ({_store.GetType().Name}): {Redaction.Text(ex.Message, null)} Nothing was sent.", ex);
}
