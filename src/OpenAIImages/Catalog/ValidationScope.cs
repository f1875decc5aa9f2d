using System.Collections.Generic;

namespace OpenAIImages.Catalog;

/// <summary>One check of one request: the model's profile, where the request goes, and the problems found so far.</summary>
/// <remarks>A struct, passed by reference to each rule: checking a valid request allocates nothing.</remarks>
internal struct ValidationScope
{
    private static readonly ImageValidationError[] NoErrors = [];

    private List<ImageValidationError>? _errors;

    public ValidationScope(ModelProfile model, ValidationContext context)
    {
        Model = model;
        Context = context;
    }

    public readonly ModelProfile Model { get; }

    public readonly ValidationContext Context { get; }

    // Most requests are valid: no list until the first problem.
    public readonly IReadOnlyList<ImageValidationError> Errors => (IReadOnlyList<ImageValidationError>?)_errors ?? NoErrors;

    public void Add(string field, string? value, string message) => (_errors ??= []).Add(new ImageValidationError(field, value, message));
}
