using System;
using System.Collections.Generic;
using System.ComponentModel.DataAnnotations;
using ModelCatalog = OpenAIImages.Catalog.ModelCatalog;

namespace OpenAIImages.Validation;

/// <summary>Changes to the model catalog by model id: each set, with <see cref="ImageModelRules.MaxImages"/> at least 1 and <see cref="ImageModelRules.BasedOn"/> a model the catalog knows.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ModelOverridesAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not IDictionary<string, ImageModelRules> models)
        {
            return ValidationResult.Success;
        }

        var problems = new List<string>();
        foreach (KeyValuePair<string, ImageModelRules> model in models)
        {
            string name = $"{validationContext.DisplayName}[{model.Key}]";
            if (model.Value is null || model.Value.MaxImages < 1)
            {
                problems.Add($"{name} must be set, with MaxImages at least 1.");
            }
            else if (model.Value.BasedOn is { Length: > 0 } basedOn && !ModelCatalog.IsKnown(basedOn))
            {
                problems.Add($"{name}.BasedOn names '{basedOn}', which the catalog does not know; known models: {string.Join(", ", ModelCatalog.KnownModels)}.");
            }
        }

        return problems.Count == 0 ? ValidationResult.Success : new ValidationResult(string.Join(" ", problems), [validationContext.MemberName ?? "Models"]);
    }
}
