using System;

namespace OpenAIImages;

/// <summary>The API key or token provider (<see cref="ImagesClientOptions.ApiKeyProvider"/>, <see cref="ImagesAzureOptions.TokenProvider"/>) failed, or gave no usable value (null, empty, white space, or a control character such as a line break); nothing was sent.</summary>
/// <remarks>The provider's own exception, if any, is the inner exception. The message never holds what the provider returned.</remarks>
public sealed class ImagesCredentialException : ImagesException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The readable message.</param>
    /// <param name="innerException">The provider's exception, or null.</param>
    public ImagesCredentialException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
