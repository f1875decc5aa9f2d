using System.Threading.Tasks;

namespace OpenAIImages.Pipeline;

/// <summary>
/// What one call reserved against its budgets. The call ends it once: settled at the actual cost after a success,
/// released after a failure before the service answered with success, or left as it is (the estimate stays spent) when
/// the actual cost is unknown or the call failed after a success answer.
/// </summary>
internal sealed class BudgetHold
{
    private const string ClientBudget = "client";

    private readonly ImageBudget _budget;
    private readonly decimal _reserved;
    private readonly ImagesBudgetReservation? _client;
    private readonly string? _userBudget;
    private readonly ImagesBudgetReservation? _user;
    private bool _ended;
    private int _completed;
    private decimal? _streamed = 0;

    public BudgetHold(ImageBudget budget, decimal reserved, ImagesBudgetReservation? client, string? userBudget, ImagesBudgetReservation? user)
    {
        _budget = budget;
        _reserved = reserved;
        _client = client;
        _userBudget = userBudget;
        _user = user;
    }

    /// <summary>Replaces the reservation by <paramref name="actual"/>; an unknown actual cost keeps the estimate.</summary>
    public async ValueTask SettleAsync(decimal? actual)
    {
        if (_ended || actual is not { } cost)
        {
            _ended = true;
            return;
        }

        _ended = true;
        await _budget.SettleAsync(ClientBudget, _client, _reserved, cost).ConfigureAwait(false);
        if (_userBudget is not null)
        {
            await _budget.SettleAsync(_userBudget, _user, _reserved, cost).ConfigureAwait(false);
        }
    }

    /// <summary>Counts a stream's completed image and its cost; once all <paramref name="images"/> have come, settles at their sum (an unknown one keeps the estimate).</summary>
    public ValueTask CompletedAsync(decimal? cost, int images)
    {
        _completed++;
        _streamed = _streamed is { } sum && cost is { } one ? sum + one : null;
        return _completed < images ? default : SettleAsync(_streamed);
    }

    /// <summary>Gives the reservation back, for a call that failed before the service answered with success.</summary>
    public async ValueTask ReleaseAsync()
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        await _budget.GiveBackAsync(ClientBudget, _client, _reserved).ConfigureAwait(false);
        if (_userBudget is not null)
        {
            await _budget.GiveBackAsync(_userBudget, _user, _reserved).ConfigureAwait(false);
        }
    }
}
