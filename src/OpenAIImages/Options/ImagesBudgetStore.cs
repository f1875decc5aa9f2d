using System;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages;

/// <summary>
/// Where the budgets of <see cref="ImagesBudgetOptions"/> keep what was spent. By default each client keeps them in its
/// own process; a shared store (such as <c>OpenAIImages.Redis</c>'s <c>RedisImagesBudgetStore</c>) lets every process
/// that uses it share one budget.
/// </summary>
/// <remarks>
/// A call reserves its estimate before it is sent, in one atomic step: a reservation that would take the budget past its
/// limit takes nothing, so processes racing for the last of a budget never both get it. When the call ends, the
/// reservation is settled at the actual cost (which may take the budget past its limit: it was spent) or released.
/// Budgets are named <c>client</c> for the whole client and <c>user:{id}</c> for an end user.
/// </remarks>
public abstract class ImagesBudgetStore
{
    /// <summary>Takes <paramref name="amount"/> from <paramref name="budget"/> for the current period, unless what was spent plus it would pass <paramref name="limit"/>.</summary>
    /// <param name="budget">The budget's name: <c>client</c>, or <c>user:{id}</c>.</param>
    /// <param name="amount">The amount to reserve, zero or more (zero always fits).</param>
    /// <param name="limit">The budget's amount per period.</param>
    /// <param name="period">How long the amount lasts.</param>
    /// <param name="window">The window's length, for <see cref="ImagesBudgetPeriod.Rolling"/>.</param>
    /// <param name="cancellationToken">Cancels the reservation.</param>
    /// <returns>Whether it was taken, what is left and when the budget resets.</returns>
    public abstract ValueTask<ImagesBudgetReservation> ReserveAsync(string budget, decimal amount, decimal limit, ImagesBudgetPeriod period, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>Replaces a granted reservation by what the call actually cost; a reservation whose period has ended changes nothing.</summary>
    /// <param name="budget">The budget, as reserved.</param>
    /// <param name="reservation">The reservation's <see cref="ImagesBudgetReservation.Id"/>.</param>
    /// <param name="reserved">The amount reserved.</param>
    /// <param name="actual">The actual cost, zero or more.</param>
    /// <param name="period">The period, as reserved.</param>
    /// <param name="window">The window, as reserved.</param>
    /// <param name="cancellationToken">Cancels the settling.</param>
    /// <returns>A task that completes when the reservation is settled.</returns>
    public abstract ValueTask SettleAsync(string budget, string reservation, decimal reserved, decimal actual, ImagesBudgetPeriod period, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>Gives a granted reservation back, for a call that failed before the service answered with success.</summary>
    /// <param name="budget">The budget, as reserved.</param>
    /// <param name="reservation">The reservation's <see cref="ImagesBudgetReservation.Id"/>.</param>
    /// <param name="reserved">The amount reserved.</param>
    /// <param name="period">The period, as reserved.</param>
    /// <param name="window">The window, as reserved.</param>
    /// <param name="cancellationToken">Cancels the release.</param>
    /// <returns>A task that completes when the amount is back.</returns>
    public abstract ValueTask ReleaseAsync(string budget, string reservation, decimal reserved, ImagesBudgetPeriod period, TimeSpan window, CancellationToken cancellationToken);
}
