using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Pipeline;

/// <summary>The default budget store: what each budget has spent in its current period, in this process, on the options' clock.</summary>
/// <remarks>
/// A calendar budget keeps one total and the period it belongs to; a new period starts from zero, and settling or
/// releasing a reservation of a period that has ended changes nothing. A rolling budget keeps each reservation with the
/// moment it was made, and forgets those older than the window. Everything completes synchronously, under one lock.
/// </remarks>
internal sealed class InProcessBudgetStore : ImagesBudgetStore
{
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Spending> _budgets = new(StringComparer.Ordinal);
    private long _nextId;

    public InProcessBudgetStore(TimeProvider time) => _time = time;

    public override ValueTask<ImagesBudgetReservation> ReserveAsync(string budget, decimal amount, decimal limit, ImagesBudgetPeriod period, TimeSpan window, CancellationToken cancellationToken)
    {
        lock (_budgets)
        {
            DateTimeOffset now = _time.GetUtcNow();
            if (!_budgets.TryGetValue(budget, out Spending? spending))
            {
                Prune(now);
                spending = _budgets[budget] = new Spending();
            }

            return new ValueTask<ImagesBudgetReservation>(period == ImagesBudgetPeriod.Rolling
                ? spending.ReserveRolling((++_nextId).ToString(CultureInfo.InvariantCulture), amount, limit, now, window)
                : spending.ReserveCalendar(amount, limit, BudgetPeriods.Of(now, period)));
        }
    }

    public override ValueTask SettleAsync(string budget, string reservation, decimal reserved, decimal actual, ImagesBudgetPeriod period, TimeSpan window, CancellationToken cancellationToken)
    {
        lock (_budgets)
        {
            if (_budgets.TryGetValue(budget, out Spending? spending))
            {
                spending.Change(reservation, reserved, actual, period);
            }
        }

        return default;
    }

    public override ValueTask ReleaseAsync(string budget, string reservation, decimal reserved, ImagesBudgetPeriod period, TimeSpan window, CancellationToken cancellationToken) =>
        SettleAsync(budget, reservation, reserved, 0, period, window, cancellationToken);

    // Budgets with nothing spent in a live period hold nothing worth keeping; drop them so per-user budgets do not pile up.
    private void Prune(DateTimeOffset now)
    {
        if (_budgets.Count < 1024)
        {
            return;
        }

        var idle = new List<string>();
        foreach (KeyValuePair<string, Spending> entry in _budgets)
        {
            if (entry.Value.IsIdle(now))
            {
                idle.Add(entry.Key);
            }
        }

        foreach (string key in idle)
        {
            _budgets.Remove(key);
        }
    }

    private sealed class Spending
    {
        // A calendar budget: the period's name, its end, and what was spent in it.
        private string? _period;
        private DateTimeOffset _end;
        private decimal _total;

        // A rolling budget: each reservation in the window, oldest first.
        private readonly List<(string Id, DateTimeOffset At, decimal Amount)> _entries = [];
        private TimeSpan _window;

        public ImagesBudgetReservation ReserveCalendar(decimal amount, decimal limit, (string Id, DateTimeOffset End) period)
        {
            if (_period != period.Id)
            {
                (_period, _end, _total) = (period.Id, period.End, 0);
            }

            if (amount > 0 && _total + amount > limit)
            {
                return new ImagesBudgetReservation(false, period.Id, limit - _total, period.End);
            }

            _total += amount;
            return new ImagesBudgetReservation(true, period.Id, limit - _total, period.End);
        }

        public ImagesBudgetReservation ReserveRolling(string id, decimal amount, decimal limit, DateTimeOffset now, TimeSpan window)
        {
            _window = window;
            _entries.RemoveAll(e => e.At <= now - window);
            decimal total = 0;
            foreach ((string _, DateTimeOffset _, decimal spent) in _entries)
            {
                total += spent;
            }

            if (amount > 0 && total + amount > limit)
            {
                // It fits once enough of the oldest spending has aged out of the window.
                decimal freed = 0;
                DateTimeOffset resets = now + window;
                foreach ((string _, DateTimeOffset at, decimal spent) in _entries)
                {
                    freed += spent;
                    if (total - freed + amount <= limit)
                    {
                        resets = at + window;
                        break;
                    }
                }

                return new ImagesBudgetReservation(false, id, limit - total, resets);
            }

            _entries.Add((id, now, amount));
            return new ImagesBudgetReservation(true, id, limit - total - amount, _entries[0].At + window);
        }

        public void Change(string reservation, decimal reserved, decimal actual, ImagesBudgetPeriod period)
        {
            if (period != ImagesBudgetPeriod.Rolling)
            {
                if (_period == reservation)
                {
                    _total = Math.Max(0, _total - reserved + actual);
                }

                return;
            }

            int index = _entries.FindIndex(e => e.Id == reservation);
            if (index >= 0)
            {
                if (actual > 0)
                {
                    _entries[index] = (reservation, _entries[index].At, actual);
                }
                else
                {
                    _entries.RemoveAt(index);
                }
            }
        }

        public bool IsIdle(DateTimeOffset now) =>
            (_period is null || _total == 0 || now >= _end) && _entries.TrueForAll(e => e.At <= now - _window);
    }
}
