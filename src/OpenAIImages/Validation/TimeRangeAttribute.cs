using System;
using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace OpenAIImages.Validation;

/// <summary>
/// A time span between a least and a most, inclusive. DataAnnotations' own <c>Range(typeof(TimeSpan), …)</c> reads its
/// bounds through a <c>TypeConverter</c>, which trimming may break; this one parses them itself.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class TimeRangeAttribute : ValidationAttribute
{
    private readonly TimeSpan _least;
    private readonly TimeSpan _most;

    /// <param name="least">The least, as <c>[d.]hh:mm:ss</c>.</param>
    /// <param name="most">The most, or null for no most.</param>
    /// <param name="rule">The rule in words, after the setting's name: "must be …".</param>
    public TimeRangeAttribute(string least, string? most, string rule)
        : base("{0} " + rule)
    {
        _least = TimeSpan.Parse(least, CultureInfo.InvariantCulture);
        _most = most is null ? TimeSpan.MaxValue : TimeSpan.Parse(most, CultureInfo.InvariantCulture);
    }

    public override bool IsValid(object? value) => value is not TimeSpan time || (time >= _least && time <= _most);
}
