using System;
using System.ComponentModel.DataAnnotations;

namespace OpenAIImages.Validation;

/// <summary>An Azure deployment name, which becomes one segment of the request's path: not '.' or '..', no separator, escape or control character.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class DeploymentNameAttribute : ValidationAttribute
{
    public DeploymentNameAttribute()
        : base("{0} must be a deployment name: not '.' or '..', with no '/', '\\', '?', '#', '%' or control characters.")
    {
    }

    public override bool IsValid(object? value) => value is not string name
        || (name.Trim() is { Length: > 0 } trimmed && trimmed is not "." and not ".." && name.IndexOfAny(['/', '?', '#', '\\', '%']) < 0 && !HeaderValueAttribute.HasControlCharacters(name));
}
