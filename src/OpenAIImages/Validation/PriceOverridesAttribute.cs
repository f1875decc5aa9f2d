using System;
using System.Collections.Generic;
using System.ComponentModel.DataAnnotations;
using OpenAIImages.Costs;

namespace OpenAIImages.Validation;

/// <summary>Changes to the price table by model id: each set, based on a priced model, and with no negative price (<see cref="ClientPrices.Check"/>).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class PriceOverridesAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not IDictionary<string, ImageModelPrice> prices)
        {
            return ValidationResult.Success;
        }

        var problems = new List<string>();
        ClientPrices.Check(prices, problems);
        return problems.Count == 0 ? ValidationResult.Success : new ValidationResult(string.Join(" ", problems), [validationContext.MemberName ?? "Prices"]);
    }
}
