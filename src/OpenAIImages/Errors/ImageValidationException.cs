using System;
using System.Collections.Generic;
using System.Linq;

namespace OpenAIImages;

/// <summary>Thrown before a request is sent when it breaks one or more of the model's rules; lists every problem at once.</summary>
/// <remarks>Turn checking off with <see cref="ImagesClientOptions.ValidateRequests"/> for a server with other rules.</remarks>
public sealed class ImageValidationException : ArgumentException
{
    /// <summary>Creates the exception for the given problems.</summary>
    /// <param name="errors">The problems; at least one.</param>
    /// <exception cref="ArgumentException"><paramref name="errors"/> is empty.</exception>
    public ImageValidationException(IReadOnlyList<ImageValidationError> errors)
        : base(BuildMessage(errors), errors is { Count: > 0 } ? errors[0].Field : null)
    {
        Errors = errors;
    }

    /// <summary>Gets every problem found, in field order.</summary>
    public IReadOnlyList<ImageValidationError> Errors { get; }

    /// <summary>Gets a message listing every problem (without the <c>(Parameter …)</c> suffix of <see cref="ArgumentException"/>).</summary>
    public override string Message => BuildMessage(Errors);

    private static string BuildMessage(IReadOnlyList<ImageValidationError> errors)
    {
        if (errors is null || errors.Count == 0)
        {
            throw new ArgumentException("At least one validation error is required.", nameof(errors));
        }

        return errors.Count == 1
            ? "The request was not sent: " + errors[0].Message + "."
            : $"The request was not sent; {errors.Count} problems:" + string.Concat(errors.Select(e => Environment.NewLine + "- " + e.Message));
    }
}
