using System;
using System.Collections.Generic;
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
    /// <para>
    /// Outcomes come in the order they complete; <see cref="ImageGenerationOutcome.Index"/> says which request each belongs
    /// to (its position in the sequence, from 0). An outcome handled as it arrives (saved, recorded) survives a later
    /// interrupt. One failure does not stop the others; each request goes through <see cref="ImagesClient.GenerateAsync"/>.
    /// A consumer that stops early cancels what is still in flight.
    /// </para>
    /// <para>
    /// The sequence is read lazily, on the consumer's side, only as slots free up: at most <paramref name="maxConcurrency"/>
    /// requests are read ahead of the outcomes handed out, so a generator of 100,000 prompts is never held at once (memory
    /// stays flat in its length), and a consumer that takes K outcomes has read at most K + <paramref name="maxConcurrency"/>
    /// requests. The sequence's enumerator is disposed when the outcomes end, fail or are abandoned. A <see langword="null"/>
    /// request becomes a failed outcome like any request that fails: its <see cref="ImageGenerationOutcome.Error"/> an
    /// <see cref="ArgumentNullException"/>, its <see cref="ImageGenerationOutcome.Request"/> null. An exception the
    /// sequence itself throws cancels the requests in flight and reaches the consumer as it is.
    /// </para>
    /// </remarks>
    /// <param name="client">The client.</param>
    /// <param name="requests">The requests, in order; read as slots free up.</param>
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

        return RunAsync(client, requests, maxConcurrency, cancellationToken);
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

    // The caller's enumerator is only touched here, between outcomes, so it is never read from two threads at once.
    private static async IAsyncEnumerable<ImageGenerationOutcome> RunAsync(ImagesClient client, IEnumerable<ImageGenerationOptions> requests, int maxConcurrency, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Sized for what runs at once, but not in advance for a huge maxConcurrency (the list grows if it is reached).
        var running = new List<Task<ImageGenerationOutcome>>(Math.Min(maxConcurrency, 64));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        IEnumerator<ImageGenerationOptions> source = requests.GetEnumerator();
        bool more = true;
        int next = 0;
        try
        {
            while (true)
            {
                while (more && running.Count < maxConcurrency)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    more = source.MoveNext();
                    if (more)
                    {
                        running.Add(OneAsync(client, next, source.Current, stop.Token));
                        next++;
                    }
                }

                if (running.Count == 0)
                {
                    yield break;
                }

                Task<ImageGenerationOutcome> done = await Task.WhenAny(running).ConfigureAwait(false);
                running.Remove(done);
                yield return await done.ConfigureAwait(false);
            }
        }
        finally
        {
            // Whatever ends the outcomes (all done, the consumer stopping, a cancel, the sequence throwing): what is
            // still in flight is cancelled, not left running unobserved, and the caller's enumerator is released.
            stop.Cancel();
            source.Dispose();
        }
    }

    private static async Task<ImageGenerationOutcome> OneAsync(ImagesClient client, int index, ImageGenerationOptions request, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            // Said here rather than left to GenerateAsync: a substitute of that method need not check its argument.
            return new ImageGenerationOutcome(index, request!, null, new ArgumentNullException(nameof(request), "The request at index " + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + " of the sequence is null."));
        }

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
