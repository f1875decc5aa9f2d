using System;
using System.Collections.Generic;
using System.ComponentModel.DataAnnotations;

namespace OpenAIImages.Validation;

/// <summary>Images-per-minute limits by model: each at least 1 (a model without a limit has no entry).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class PerMinuteLimitsAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is IDictionary<string, int> limits)
        {
            foreach (KeyValuePair<string, int> limit in limits)
            {
                if (limit.Value < 1)
                {
                    return new ValidationResult($"{validationContext.DisplayName}[{limit.Key}] must be at least 1, not {limit.Value}.", [validationContext.MemberName ?? "ImagesPerMinute"]);
                }
            }
        }

        return ValidationResult.Success;
    }
}
