using System;
using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace OpenAIImages.Validation;

/// <summary>A whole number of at least a least.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class AtLeastAttribute : ValidationAttribute
{
    private readonly int _least;

    public AtLeastAttribute(int least)
        : base("{0} must be " + (least == 0 ? "zero or more." : "at least " + least.ToString(CultureInfo.InvariantCulture) + "."))
    {
        _least = least;
    }

    public override bool IsValid(object? value) => value is not int number || number >= _least;
}
