using System;
using System.ComponentModel.DataAnnotations;
using System.Threading;

namespace OpenAIImages.Validation;

/// <summary>A time limit: positive, or <see cref="Timeout.InfiniteTimeSpan"/> for none.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class TimeLimitAttribute : ValidationAttribute
{
    public TimeLimitAttribute()
        : base("{0} must be positive or Timeout.InfiniteTimeSpan.")
    {
    }

    public override bool IsValid(object? value) => value is not TimeSpan limit || limit > TimeSpan.Zero || limit == Timeout.InfiniteTimeSpan;
}
