using System;

namespace OpenAIImages;

/// <summary>A call would have taken a budget of <see cref="ImagesClientOptions.Budgets"/> past its amount, or its cost could not be estimated; nothing was sent.</summary>
public sealed class ImagesBudgetExceededException : ImagesException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The readable message.</param>
    /// <param name="user">The end user whose budget refused the call, or null for the client's budget.</param>
    /// <param name="limit">The budget's amount per period.</param>
    /// <param name="remaining">What was left of it.</param>
    /// <param name="estimate">The call's estimate, or null when it could not be estimated.</param>
    /// <param name="currency">The currency of the amounts.</param>
    /// <param name="resetsAt">When the budget resets (the end of the period, or for a rolling window when enough has aged out).</param>
    public ImagesBudgetExceededException(string message, string? user, decimal limit, decimal remaining, decimal? estimate, string currency, DateTimeOffset resetsAt)
        : base(message)
    {
        User = user;
        Limit = limit;
        Remaining = remaining;
        Estimate = estimate;
        Currency = currency;
        ResetsAt = resetsAt;
    }

    /// <summary>Gets the budget that refused the call: <c>client</c>, or <c>user</c> for an end user's.</summary>
    public string Budget => User is null ? "client" : "user";

    /// <summary>Gets the end user whose budget refused the call, or null for the client's budget.</summary>
    public string? User { get; }

    /// <summary>Gets the budget's amount per period.</summary>
    public decimal Limit { get; }

    /// <summary>Gets what was left of the budget when the call was refused.</summary>
    public decimal Remaining { get; }

    /// <summary>Gets the call's estimate (the most it could cost), or null when its cost could not be estimated.</summary>
    public decimal? Estimate { get; }

    /// <summary>Gets the currency of the amounts, such as <c>USD</c>.</summary>
    public string Currency { get; }

    /// <summary>Gets when the budget resets: the end of its period, or for a rolling window when enough of it has aged out for the call to fit.</summary>
    public DateTimeOffset ResetsAt { get; }
}
