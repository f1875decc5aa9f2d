using System;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using OpenAIImages.Diagnostics;
using OpenAIImages.Internal;

namespace OpenAIImages.Pipeline;

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
    /// <remarks>A call that need not wait, with a store that answers at once (the in-process one), runs no state machine here.</remarks>
    /// <param name="call">The call, whose model and image count are taken.</param>
    /// <param name="remaining">What is left of the call's deadline, or null without one.</param>
    /// <param name="timeout">The overall timeout, for the refusal's message.</param>
    /// <param name="logger">Where a wait is logged.</param>
    /// <param name="cancellationToken">Cancels a wait; the images it took are given back.</param>
    /// <exception cref="ImagesClientRateLimitException">The wait would be longer than MaxWait; nothing was taken or sent.</exception>
    /// <exception cref="ImagesTimeoutException">The wait would pass the call's deadline; nothing was taken or sent.</exception>
    /// <exception cref="ImagesConnectionException">A shared store failed.</exception>
    public ValueTask AcquireAsync(ImageCall call, TimeSpan? remaining, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        string? model = call.Model;
        if (model is null)
        {
            return default;
        }

        // A model without a limit of its own is held back only by a pause the service asked for.
        int perMinute = _options.ImagesPerMinute.TryGetValue(model, out int limit) && limit > 0 ? limit : 0;
        if (perMinute == 0 && !_options.PaceByServerHeaders)
        {
            return default;
        }

        string? partition = _options.PartitionByUser && !string.IsNullOrEmpty(call.User) ? call.User : null;
        int permits = perMinute > 0 ? Math.Min(Math.Max(call.Images, 1), perMinute) : Math.Max(call.Images, 1);

        // A wait past the call's deadline would end in a timeout anyway: such a wait is refused now, and takes nothing.
        TimeSpan most = remaining is { } left && left < _options.MaxWait ? left : _options.MaxWait;
        ValueTask<TimeSpan> take;
        try
        {
            take = _store.TakeAsync(model, partition, permits, perMinute, most, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw StoreFailed(call, ex);
        }

        // The store's answer is read once only: a ValueTask may not be consumed twice.
        if (take.IsCompletedSuccessfully)
        {
            TimeSpan wait = take.Result;
            if (wait == TimeSpan.Zero)
            {
                return default;
            }

            take = new ValueTask<TimeSpan>(wait);
        }

        return WaitAsync(take, new Permits(call, model, partition, permits, perMinute, most), timeout, logger, cancellationToken);
    }

    // The store's answer, when it had to be awaited or says to wait: then the wait, or its refusal.
    private async ValueTask WaitAsync(ValueTask<TimeSpan> take, Permits taken, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        TimeSpan wait;
        try
        {
            wait = await take.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw StoreFailed(taken.Call, ex);
        }

        if (wait > taken.Most)
        {
            throw Refused(taken, wait, timeout);
        }

        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        int images = taken.Call.Images;
        Log.RateLimitWait(logger, taken.Model, images, wait.TotalMilliseconds);
        taken.Call.Report(new ImageCallProgress(ImageCallPhase.WaitingForRateLimit) { Wait = wait });
        Diagnostics.PipelineEvents.RateLimitWaiting(taken.Model, images, wait);
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
            await GiveBackAsync(taken.Model, taken.Partition, taken.Count, taken.PerMinute).ConfigureAwait(false);
            throw;
        }
    }

    private ImagesException Refused(Permits taken, TimeSpan wait, TimeSpan timeout)
    {
        string operation = taken.Call.Operation;
        if (wait <= _options.MaxWait)
        {
            // Within MaxWait, but past the deadline.
            return new ImagesTimeoutException($"The {operation} request would pass ImagesClientOptions.Timeout ({timeout.TotalSeconds:0.###} s) waiting for the client-side rate limit; nothing was sent.", timeout, false, null);
        }

        string why = taken.PerMinute > 0
            ? $"The client-side limit of {taken.PerMinute} images per minute for {taken.Model}"
            : $"The service's rate-limit headers (x-ratelimit-remaining-* of 0) for {taken.Model}";
        return new ImagesClientRateLimitException(
            $"{why} would make this call wait about {wait.TotalSeconds:0.#} s, more than RateLimits.MaxWait ({_options.MaxWait.TotalSeconds:0.#} s); nothing was sent.",
            taken.Model,
            wait);
    }

    /// <summary>Pauses the call's model until the reset the response names, when it says the service's budget is spent; never fails.</summary>
    public ValueTask ObserveAsync(ImageCall call, HttpResponseHeaders headers) =>
        !_options.PaceByServerHeaders || call.Model is not { } model || ServerRateLimitHeaders.SpentUntilReset(headers) is not { } reset
            ? default
            : PauseAsync(model, reset);

    private async ValueTask PauseAsync(string model, TimeSpan reset)
    {
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

    /// <summary>What a call asked the store for.</summary>
    private sealed record Permits(ImageCall Call, string Model, string? Partition, int Count, int PerMinute, TimeSpan Most);
}
