using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace OpenAIImages.Redis.Tests.Support;

/// <summary>A logger factory whose task completes when a call logs that it waits on the rate limit (event 4): the signal that its images are reserved.</summary>
internal sealed class WaitSignal : ILoggerFactory, ILogger
{
    private readonly TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Waiting => _waiting.Task;

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id == 4)
        {
            _waiting.TrySetResult();
        }
    }
}
