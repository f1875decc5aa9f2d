using System;
using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace OpenAIImages.Validation;

/// <summary>A whole number or an amount of at least a least; null passes (an unset limit).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class AtLeastAttribute : ValidationAttribute
{
    private readonly int _least;

    public AtLeastAttribute(int least)
        : base("{0} must be " + (least == 0 ? "zero or more." : "at least " + least.ToString(CultureInfo.InvariantCulture) + "."))
    {
        _least = least;
    }

    public override bool IsValid(object? value) => value switch
    {
        int number => number >= _least,
        decimal amount => amount >= _least,
        _ => true,
    };
}
