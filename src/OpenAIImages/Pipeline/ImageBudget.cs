using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using OpenAIImages.Diagnostics;
using OpenAIImages.Internal;

namespace OpenAIImages.Pipeline;

/// <summary>
/// The budgets of <see cref="ImagesClientOptions.Budgets"/>: before a call is sent, its estimate is reserved against the
/// client's budget and the end user's (both or neither), kept in the options' <see cref="ImagesBudgetStore"/> or, by
/// default, in this process on the options' clock. The <see cref="BudgetHold"/> it returns settles or releases it.
/// </summary>
internal sealed class ImageBudget
{
    private const string ClientBudget = "client";

    private readonly ImagesBudgetOptions _options;
    private readonly ImagesBudgetStore _store;
    private readonly ILogger _logger;

    private ImageBudget(ImagesBudgetOptions options, TimeProvider time, ILogger logger)
    {
        _options = options;
        _store = options.Store ?? new InProcessBudgetStore(time);
        _logger = logger;
    }

    /// <summary>The budgets of these options, or null when none is set (then nothing is reserved).</summary>
    public static ImageBudget? Create(ImagesBudgetOptions options, TimeProvider time, ILogger logger) =>
        options.IsSet ? new ImageBudget(options, time, logger) : null;

    /// <summary>Reserves the call's estimate (<see cref="ImageCall.Cost"/>) against its budgets: the client's, and its end user's (<see cref="ImageCall.User"/>).</summary>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">Cancels the reservation; a call cancelled before it reserves nothing.</param>
    /// <returns>What was reserved, to settle or release when the call ends.</returns>
    /// <exception cref="ImagesBudgetExceededException">A budget would be crossed, or the estimate is unknown and <see cref="ImagesBudgetOptions.AllowUnknownCost"/> is off; nothing was reserved or sent.</exception>
    /// <exception cref="ImagesConnectionException">A shared store failed; nothing was reserved or sent.</exception>
    public async ValueTask<BudgetHold> ReserveAsync(ImageCall call, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string operation = call.Operation;
        string? user = call.User;
        decimal? estimate = call.Cost?.Estimate.Amount;
        string currency = call.Cost?.Estimate.Currency ?? "USD";
        string? userBudget = _options.PerUserAmount is not null && !string.IsNullOrEmpty(user) ? "user:" + user : null;
        if (estimate is null && !_options.AllowUnknownCost && (_options.Amount is not null || userBudget is not null))
        {
            // Nothing bounds a call of unknown cost: it is refused, with what is left of the budget it would have used.
            bool client = _options.Amount is not null;
            decimal limit = client ? _options.Amount!.Value : _options.PerUserAmount!.Value;
            ImagesBudgetReservation state = await TakeAsync(operation, client ? ClientBudget : userBudget!, 0, limit, cancellationToken).ConfigureAwait(false);
            await GiveBackAsync(client ? ClientBudget : userBudget!, state, 0).ConfigureAwait(false);
            throw Refused(operation, client ? null : user, limit, state, null, currency);
        }

        decimal amount = estimate ?? 0;
        ImagesBudgetReservation? clientTaken = null;
        if (_options.Amount is { } clientLimit)
        {
            clientTaken = await TakeAsync(operation, ClientBudget, amount, clientLimit, cancellationToken).ConfigureAwait(false);
            if (!clientTaken.Granted)
            {
                throw Refused(operation, null, clientLimit, clientTaken, estimate, currency);
            }
        }

        ImagesBudgetReservation? userTaken = null;
        if (userBudget is not null)
        {
            decimal userLimit = _options.PerUserAmount!.Value;
            try
            {
                userTaken = await TakeAsync(operation, userBudget, amount, userLimit, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await GiveBackAsync(ClientBudget, clientTaken, amount).ConfigureAwait(false);
                throw;
            }

            if (!userTaken.Granted)
            {
                // Both or neither: the client's reservation goes back.
                await GiveBackAsync(ClientBudget, clientTaken, amount).ConfigureAwait(false);
                throw Refused(operation, user, userLimit, userTaken, estimate, currency);
            }
        }

        return new BudgetHold(this, amount, clientTaken, userBudget, userTaken);
    }

    /// <summary>Replaces a reservation by the actual cost; never fails the call, which has ended.</summary>
    internal async ValueTask SettleAsync(string budget, ImagesBudgetReservation? taken, decimal reserved, decimal actual)
    {
        if (taken is null || actual == reserved)
        {
            return;
        }

        try
        {
            await _store.SettleAsync(budget, taken.Id, reserved, actual, _options.Period, _options.Window, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The call has its result: a store that cannot record the difference must not fail it. The estimate stays spent.
        }
    }

    /// <summary>Gives a reservation back; never fails, as the call ends with its own failure.</summary>
    internal async ValueTask GiveBackAsync(string budget, ImagesBudgetReservation? taken, decimal reserved)
    {
        if (taken is null)
        {
            return;
        }

        try
        {
            await _store.ReleaseAsync(budget, taken.Id, reserved, _options.Period, _options.Window, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The call ends with its own failure whatever happens here; an amount not given back is spent until the period ends.
        }
    }

    private async ValueTask<ImagesBudgetReservation> TakeAsync(string operation, string budget, decimal amount, decimal limit, CancellationToken cancellationToken)
    {
        try
        {
            return await _store.ReserveAsync(budget, amount, limit, _options.Period, _options.Window, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new ImagesConnectionException($"The {operation} request could not reserve its estimate in the budget store ({_store.GetType().Name}): {Redaction.Text(ex.Message, null)} Nothing was sent.", ex);
        }
    }

    private ImagesBudgetExceededException Refused(string operation, string? user, decimal limit, ImagesBudgetReservation state, decimal? estimate, string currency)
    {
        string budget = user is null ? "client" : "user";
        string estimated = estimate is { } amount ? amount.ToString("0.######", CultureInfo.InvariantCulture) : "unknown";
        Log.BudgetRefused(_logger, budget, operation, state.Remaining, limit, currency, estimated, state.ResetsAt);
        string whose = user is null ? "The client's budget" : $"The budget of end user '{user}'";
        string why = estimate is null
            ? $"cannot hold a {operation} request whose cost cannot be estimated (set Budgets.AllowUnknownCost to let such calls go)"
            : $"would be crossed by a {operation} request estimated at up to {estimated} {currency}";
        string period = _options.Period == ImagesBudgetPeriod.Rolling ? "the rolling window" : _options.Period == ImagesBudgetPeriod.Month ? "this month" : "today";
        return new ImagesBudgetExceededException(
            $"{whose} of {limit.ToString("0.######", CultureInfo.InvariantCulture)} {currency} for {period} ({state.Remaining.ToString("0.######", CultureInfo.InvariantCulture)} left) {why}; it resets at {state.ResetsAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC. Nothing was sent.",
            user,
            limit,
            state.Remaining,
            estimate,
            currency,
            state.ResetsAt);
    }
}
