using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using OpenAIImages.Web.Json;

namespace OpenAIImages.Web.Safety;

/// <summary>What a request that fails outside the endpoints' own handling answers: a JSON error with a sentence, never an empty 500 (or, under <c>/api</c>, an empty 404 or 405).</summary>
internal static class ErrorResponses
{
    /// <summary>Answers an exception no endpoint handled (the middleware logs it) as a <see cref="PageError"/>.</summary>
    public static IApplicationBuilder UseJsonErrors(this IApplicationBuilder app) => app.UseExceptionHandler(new ExceptionHandlerOptions
    {
        ExceptionHandler = WriteAsync,
    });

    /// <summary>Gives an <c>/api</c> answer that has a status and no body (no such call, a method it does not take) a JSON error too.</summary>
    public static IApplicationBuilder UseJsonStatusCodes(this IApplicationBuilder app) => app.UseStatusCodePages(new StatusCodePagesOptions
    {
        HandleAsync = context =>
        {
            HttpContext http = context.HttpContext;
            if (!http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            {
                return Task.CompletedTask;
            }

            string what = http.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => $"There is no API call {http.Request.Path}.",
                StatusCodes.Status405MethodNotAllowed => $"{http.Request.Path} does not take {http.Request.Method}.",
                _ => $"The app answered {http.Response.StatusCode}.",
            };
            return http.Response.WriteAsJsonAsync(new PageError(http.Response.StatusCode, "failed", what), WebJsonContext.Default.PageError, contentType: null, http.RequestAborted);
        },
    });

    private static Task WriteAsync(HttpContext context)
    {
        PageError error = context.Features.Get<IExceptionHandlerFeature>()?.Error switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new PageError(413, "failed", "The request is larger than this app takes."),
            BadHttpRequestException bad => new PageError(bad.StatusCode, "failed", "The request could not be read: it is malformed or cut off."),
            _ => new PageError(500, "failed", "The app failed on this request; its log says why."),
        };
        context.Response.StatusCode = error.Status;
        return context.Response.WriteAsJsonAsync(error, WebJsonContext.Default.PageError, contentType: null, context.RequestAborted);
    }
}
