namespace OpenAIImages;

/// <summary>How long a budget's amount lasts before it is available again; calendar periods are in UTC.</summary>
public enum ImagesBudgetPeriod
{
    /// <summary>A calendar day, from 00:00 UTC to the next.</summary>
    Day,

    /// <summary>A calendar month, from 00:00 UTC on its first day to the first of the next.</summary>
    Month,

    /// <summary>A window that moves with the clock (<see cref="ImagesBudgetOptions.Window"/>): what was spent within it counts, what is older no longer does.</summary>
    Rolling,
}
