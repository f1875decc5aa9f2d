using System;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages;

/// <summary>
/// Where the client-side rate limit keeps its budgets of images per minute and the pauses the service asks for. By
/// default each client keeps them in its own process; a shared store (such as the one in <c>OpenAIImages.Redis</c>)
/// lets every process that uses it share one budget per model.
/// </summary>
/// <remarks>
/// A store counts images, not requests, and answers in one step whether a call may go now, must wait, or would wait too
/// long, so that processes racing for the last images of a minute never both take them. Set it with
/// <see cref="ImagesRateLimitOptions.Store"/>.
/// </remarks>
public abstract class ImagesRateLimitStore
{
    /// <summary>
    /// Takes <paramref name="permits"/> images from the budget of <paramref name="model"/> (and <paramref name="partition"/>),
    /// unless the wait for them, or for a pause of the model, would be longer than <paramref name="maxWait"/>.
    /// </summary>
    /// <param name="model">The model id; a pause set with <see cref="PauseAsync"/> for it holds back every partition.</param>
    /// <param name="partition">The end user when each gets a budget of their own, or null for one budget per model.</param>
    /// <param name="permits">How many images the call asks for, at least 1.</param>
    /// <param name="perMinute">The budget in images per minute, refilled evenly over the minute; 0 when the model has no budget and only a pause can hold it back.</param>
    /// <param name="maxWait">The longest the call may wait.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// Zero when the images were taken and the call may go now; a wait of at most <paramref name="maxWait"/> when they
    /// were taken (reserved) and the call goes after it; a longer wait when nothing was taken.
    /// </returns>
    public abstract ValueTask<TimeSpan> TakeAsync(string model, string? partition, int permits, int perMinute, TimeSpan maxWait, CancellationToken cancellationToken);

    /// <summary>Gives back images that <see cref="TakeAsync"/> reserved for a call that was cancelled while it waited.</summary>
    /// <param name="model">The model id, as taken.</param>
    /// <param name="partition">The partition, as taken.</param>
    /// <param name="permits">The images taken.</param>
    /// <param name="perMinute">The budget, as taken; a budget is never filled past it.</param>
    /// <param name="cancellationToken">Cancels the return.</param>
    /// <returns>A task that completes when the images are back.</returns>
    public abstract ValueTask ReturnAsync(string model, string? partition, int permits, int perMinute, CancellationToken cancellationToken);

    /// <summary>
    /// Holds back every call to <paramref name="model"/> for <paramref name="duration"/> from now, because the service said
    /// its budget is spent (<c>x-ratelimit-remaining-images</c> or <c>-requests</c> of 0) until its reset. A shorter pause
    /// never cuts a longer one short.
    /// </summary>
    /// <param name="model">The model id.</param>
    /// <param name="duration">How long until the service's budget resets.</param>
    /// <param name="cancellationToken">Cancels the pause.</param>
    /// <returns>A task that completes when the pause is recorded.</returns>
    public abstract ValueTask PauseAsync(string model, TimeSpan duration, CancellationToken cancellationToken);
}
