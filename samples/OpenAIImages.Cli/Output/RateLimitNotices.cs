using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OpenAIImages.Cli.Output;

/// <summary>A logger factory for the SDK that writes one line each time a call waits on the client-side rate limit, and drops every other event.</summary>
/// <remarks>Without it a batch that hits the limit looks stuck: the wait happens inside the SDK, before anything is sent.</remarks>
internal sealed class RateLimitNotices : ILoggerFactory, ILogger
{
    // The SDK's documented log events (README): category OpenAIImages.ImagesClient, event 4 "rate-limit wait".
    private const string Category = "OpenAIImages.ImagesClient";
    private const int RateLimitWait = 4;

    private readonly TextWriter _output;

    public RateLimitNotices(TextWriter output) => _output = output;

    public ILogger CreateLogger(string categoryName) => categoryName == Category ? this : NullLogger.Instance;

    public void AddProvider(ILoggerProvider provider)
    {
        // Nothing else is logged: the tool's output is its own lines.
    }

    public void Dispose()
    {
        // Owns nothing.
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (eventId.Id != RateLimitWait)
        {
            return;
        }

        // The event's fields give a shorter line than its message, which has the delay in fractional milliseconds.
        if (state is IReadOnlyList<KeyValuePair<string, object?>> fields
            && fields.FirstOrDefault(f => f.Key == "Model").Value is string model
            && fields.FirstOrDefault(f => f.Key == "DelayMs").Value is double delayMs)
        {
            string seconds = Math.Ceiling(delayMs / 1000).ToString(CultureInfo.InvariantCulture);
            _output.WriteLine($"Waiting about {seconds} s for the client-side rate limit of {model}.");
        }
        else
        {
            _output.WriteLine(formatter(state, exception));
        }
    }
}
