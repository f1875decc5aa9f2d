using System;

namespace OpenAIImages.Testing.Engine;

/// <summary>Thrown inside the engine to answer with an error in OpenAI's shape; never leaves the emulator.</summary>
internal sealed class ApiErrorException : Exception
{
    public ApiErrorException(int status, string message, string? param, string? code, string type = "invalid_request_error")
        : base(message)
    {
        Status = status;
        Param = param;
        Code = code;
        Type = type;
    }

    public ApiErrorException()
    {
        Type = "invalid_request_error";
    }

    public ApiErrorException(string message)
        : base(message)
    {
        Type = "invalid_request_error";
    }

    public ApiErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
        Type = "invalid_request_error";
    }

    public int Status { get; } = 400;

    public string? Param { get; }

    public string? Code { get; }

    public string Type { get; }

    /// <summary>Gets whether the answer takes Azure OpenAI's own error shape, <c>{"error":{"code","message"}}</c>, rather than OpenAI's.</summary>
    public bool AzureShape { get; private init; }

    /// <summary>An error Azure OpenAI answers itself, before any model sees the request (a key, a path, a deployment).</summary>
    public static ApiErrorException Azure(int status, string code, string message) => new(status, message, null, code) { AzureShape = true };

    /// <summary>A 400 <c>invalid_request_error</c> for one parameter: the API's schema check refused it.</summary>
    public static ApiErrorException Invalid(string param, string code, string message) => new(400, message, param, code);

    /// <summary>A 400 <c>image_generation_user_error</c>: the request passed the schema, but the image model refused it (a size out of its limits, a parameter it does not take, an unreadable image).</summary>
    public static ApiErrorException UserError(string? param, string code, string message) => new(400, message, param, code, "image_generation_user_error");
}
