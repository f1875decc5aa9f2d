using System;
using System.ComponentModel.DataAnnotations;

namespace OpenAIImages.Validation;

/// <summary>A budget's period: Day, Month, or Rolling with a window of more than zero and at most 366 days.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class BudgetPeriodAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not ImagesBudgetOptions budgets)
        {
            return ValidationResult.Success;
        }

        if (budgets.Period is not (ImagesBudgetPeriod.Day or ImagesBudgetPeriod.Month or ImagesBudgetPeriod.Rolling))
        {
            return new ValidationResult($"{validationContext.DisplayName}.Period must be Day, Month or Rolling.", ["Period"]);
        }

        if (budgets.Period == ImagesBudgetPeriod.Rolling && (budgets.Window <= TimeSpan.Zero || budgets.Window > TimeSpan.FromDays(366)))
        {
            return new ValidationResult($"{validationContext.DisplayName}.Window must be positive and at most 366 days for a Rolling period.", ["Window"]);
        }

        return ValidationResult.Success;
    }
}
