using System;
using OpenAIImages.Validation;

namespace OpenAIImages;

/// <summary>
/// Budgets that stop the spending: an amount per period for the whole client and, optionally, for each end user,
/// checked before anything is sent.
/// </summary>
/// <remarks>
/// <para>
/// Before a call is sent its estimate (the most it can cost, from the price table) is reserved against the client's
/// budget and, when the call names an end user (<c>user</c>), against that user's budget: both or neither. A call that
/// would take either past its amount fails with an <see cref="ImagesBudgetExceededException"/> and sends nothing. When
/// the call ends, the reservation is settled at the actual cost (from the response's usage or the price table); a call
/// that failed before the service answered with success gives its reservation back; a call whose actual cost is
/// unknown, or that failed after the service answered (the images were paid for), keeps its estimate.
/// </para>
/// <para>
/// Amounts are in the price table's currency (US dollars for OpenAI's prices). Generations, edits and variations are
/// counted, streamed ones too; the Batch API is not. Budgets live in this process unless <see cref="Store"/> names a
/// shared one.
/// </para>
/// </remarks>
public sealed class ImagesBudgetOptions
{
    /// <summary>Gets or sets the client's amount per period, or null (the default) for no client budget.</summary>
    [AtLeast(0)]
    public decimal? Amount { get; set; }

    /// <summary>Gets or sets each end user's amount per period, or null (the default) for none; a call without a <c>user</c> is held only to <see cref="Amount"/>.</summary>
    [AtLeast(0)]
    public decimal? PerUserAmount { get; set; }

    /// <summary>Gets or sets how long an amount lasts (default <see cref="ImagesBudgetPeriod.Day"/>; calendar periods in UTC).</summary>
    public ImagesBudgetPeriod Period { get; set; } = ImagesBudgetPeriod.Day;

    /// <summary>Gets or sets the window's length for <see cref="ImagesBudgetPeriod.Rolling"/> (default one day).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Gets or sets whether a call whose cost cannot be estimated (a model or size the price table does not know) may go
    /// when a budget applies (default false: it is refused with an <see cref="ImagesBudgetExceededException"/>, since a
    /// budget that lets unknown costs through does not bound anything). When true it reserves nothing and is settled at
    /// its actual cost when that is known.
    /// </summary>
    public bool AllowUnknownCost { get; set; }

    /// <summary>
    /// Gets or sets where the budgets are kept: null (the default) for this client alone, in this process; a shared store
    /// (for example <c>OpenAIImages.Redis</c>'s) for one budget across every process that uses it.
    /// </summary>
    public ImagesBudgetStore? Store { get; set; }

    /// <summary>Gets whether any budget is set.</summary>
    internal bool IsSet => Amount is not null || PerUserAmount is not null;

    /// <summary>Copies the settings; a store is shared, not copied.</summary>
    internal ImagesBudgetOptions Snapshot() => new()
    {
        Amount = Amount,
        PerUserAmount = PerUserAmount,
        Period = Period,
        Window = Window,
        AllowUnknownCost = AllowUnknownCost,
        Store = Store,
    };
}
