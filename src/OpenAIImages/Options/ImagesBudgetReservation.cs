using System;

namespace OpenAIImages;

/// <summary>What an <see cref="ImagesBudgetStore"/> answered to a reservation: taken or refused, what is left, and when the budget resets.</summary>
public sealed class ImagesBudgetReservation
{
    /// <summary>Creates the answer.</summary>
    /// <param name="granted">Whether the amount was taken.</param>
    /// <param name="id">The store's own name for the reservation, handed back to settle or release it.</param>
    /// <param name="remaining">What is left of the budget: after the amount when granted, as it is when refused.</param>
    /// <param name="resetsAt">When the period ends (a calendar period), or when enough of the window's spending has aged out for the amount to fit (a rolling window).</param>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    public ImagesBudgetReservation(bool granted, string id, decimal remaining, DateTimeOffset resetsAt)
    {
        Granted = granted;
        Id = id ?? throw new ArgumentNullException(nameof(id));
        Remaining = remaining < 0 ? 0 : remaining;
        ResetsAt = resetsAt;
    }

    /// <summary>Gets whether the amount was taken; a refused reservation took nothing.</summary>
    public bool Granted { get; }

    /// <summary>Gets the store's own name for the reservation (for example its period), which settling and releasing are given.</summary>
    public string Id { get; }

    /// <summary>Gets what is left of the budget (never below zero): after the amount when granted, as it is when refused.</summary>
    public decimal Remaining { get; }

    /// <summary>Gets when the budget resets: the end of the calendar period, or for a rolling window when enough of it has aged out.</summary>
    public DateTimeOffset ResetsAt { get; }
}
