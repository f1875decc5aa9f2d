using System;
using System.ComponentModel.DataAnnotations;

namespace OpenAIImages.Validation;

/// <summary>An absolute URL (a relative one has no server to go to).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class AbsoluteUrlAttribute : ValidationAttribute
{
    public AbsoluteUrlAttribute(string example)
        : base("{0} must be an absolute URL, such as " + example + ".")
    {
    }

    public override bool IsValid(object? value) => value is Uri { IsAbsoluteUri: true };
}
