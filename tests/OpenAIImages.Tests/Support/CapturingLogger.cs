using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Logging;

namespace OpenAIImages.Tests.Support;

/// <summary>One log event as a test sees it: id, level, the formatted message and the structured values.</summary>
internal sealed record LogEntry(EventId Id, LogLevel Level, string Message, IReadOnlyList<KeyValuePair<string, object?>> State);

/// <summary>An <see cref="ILoggerFactory"/> that keeps every event, at every level.</summary>
internal sealed class CapturingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly ConcurrentQueue<string> _categories = new();

    /// <summary>Gets the category of every logger asked for, in order.</summary>
    public IReadOnlyList<string> Categories => _categories.ToArray();

    public IReadOnlyList<LogEntry> Entries => _entries.ToArray();

    public IEnumerable<LogEntry> WithId(int id) => Entries.Where(e => e.Id.Id == id);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public ILogger CreateLogger(string categoryName)
    {
        _categories.Enqueue(categoryName);
        return new Logger(this);
    }

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerFactory owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            owner._entries.Enqueue(new LogEntry(eventId, logLevel, formatter(state, exception), values.ToArray()));
        }
    }
}
