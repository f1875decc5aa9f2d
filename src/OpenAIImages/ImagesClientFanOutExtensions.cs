using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages;

/// <summary>
/// Conveniences over <see cref="ImagesClient.GenerateAsync"/>: many generations sent at once from this process, a few
/// at a time. Not OpenAI's Batch API (<c>/v1/batches</c>, half price, results within 24 hours), which is
/// <see cref="Batches.ImagesBatchClient"/>.
/// </summary>
public static class ImagesClientFanOutExtensions
{
    /// <summary>Creates images for many prompts, at most <paramref name="maxConcurrency"/> at a time, and returns an outcome per prompt whether it succeeded or failed.</summary>
    /// <remarks>One failure does not stop the others. Each request goes through <see cref="ImagesClient.GenerateAsync"/>, so a substitute of that method applies here too. To handle each outcome as it completes, use <see cref="GenerateManyStreamingAsync"/>.</remarks>
    /// <param name="client">The client.</param>
    /// <param name="requests">The requests, in order.</param>
    /// <param name="maxConcurrency">How many requests may run at once (default 4).</param>
    /// <param name="cancellationToken">Cancels them all; an <see cref="OperationCanceledException"/> is thrown.</param>
    /// <returns>One outcome per request, in the order given.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="requests"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxConcurrency"/> is less than 1.</exception>
    public static Task<IReadOnlyList<ImageGenerationOutcome>> GenerateManyAsync(
        this ImagesClient client,
        IEnumerable<ImageGenerationOptions> requests,
        int maxConcurrency = 4,
        CancellationToken cancellationToken = default)
    {
        IAsyncEnumerable<ImageGenerationOutcome> outcomes = GenerateManyStreamingAsync(client, requests, maxConcurrency, cancellationToken);
        return CollectAsync(outcomes);
    }

    /// <summary>Creates images for many prompts, at most <paramref name="maxConcurrency"/> at a time, and yields each prompt's outcome as soon as it completes.</summary>
    /// <remarks>
    /// Outcomes come in the order they complete; <see cref="ImageGenerationOutcome.Index"/> says which request each belongs
    /// to. An outcome handled as it arrives (saved, recorded) survives a later interrupt. One failure does not stop the
    /// others; each request goes through <see cref="ImagesClient.GenerateAsync"/>. A consumer that stops early cancels
    /// what is still in flight.
    /// </remarks>
    /// <param name="client">The client.</param>
    /// <param name="requests">The requests, in order.</param>
    /// <param name="maxConcurrency">How many requests may run at once (default 4).</param>
    /// <param name="cancellationToken">Cancels them all: requests in flight are cancelled, and an <see cref="OperationCanceledException"/> is thrown.</param>
    /// <returns>One outcome per request, as each completes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="requests"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxConcurrency"/> is less than 1.</exception>
    public static IAsyncEnumerable<ImageGenerationOutcome> GenerateManyStreamingAsync(
        this ImagesClient client,
        IEnumerable<ImageGenerationOptions> requests,
        int maxConcurrency = 4,
        CancellationToken cancellationToken = default)
    {
        if (client is null)
        {
            throw new ArgumentNullException(nameof(client));
        }

        if (requests is null)
        {
            throw new ArgumentNullException(nameof(requests));
        }

        if (maxConcurrency < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxConcurrency), maxConcurrency, "At least one request must be allowed to run.");
        }

        return RunAsync(client, requests.ToArray(), maxConcurrency, cancellationToken);
    }

    private static async Task<IReadOnlyList<ImageGenerationOutcome>> CollectAsync(IAsyncEnumerable<ImageGenerationOutcome> outcomes)
    {
        var all = new List<ImageGenerationOutcome>();
        await foreach (ImageGenerationOutcome outcome in outcomes.ConfigureAwait(false))
        {
            all.Add(outcome);
        }

        all.Sort(static (x, y) => x.Index.CompareTo(y.Index));
        return all;
    }

    private static async IAsyncEnumerable<ImageGenerationOutcome> RunAsync(ImagesClient client, ImageGenerationOptions[] all, int maxConcurrency, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var running = new List<Task<ImageGenerationOutcome>>(Math.Min(maxConcurrency, all.Length));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        int next = 0;
        try
        {
            while (next < all.Length || running.Count > 0)
            {
                while (next < all.Length && running.Count < maxConcurrency)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    running.Add(OneAsync(client, next, all[next], stop.Token));
                    next++;
                }

                Task<ImageGenerationOutcome> done = await Task.WhenAny(running).ConfigureAwait(false);
                running.Remove(done);
                yield return await done.ConfigureAwait(false);
            }
        }
        finally
        {
            stop.Cancel();
        }
    }

    private static async Task<ImageGenerationOutcome> OneAsync(ImagesClient client, int index, ImageGenerationOptions request, CancellationToken cancellationToken)
    {
        try
        {
            return new ImageGenerationOutcome(index, request, await client.GenerateAsync(request, cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new ImageGenerationOutcome(index, request, null, ex);
        }
    }
}
