using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OpenAIImages.Diagnostics;

/// <summary>The logger a client writes to.</summary>
internal static class Loggers
{
    /// <summary>
    /// Gets the logger of category <typeparamref name="T"/> from <paramref name="factory"/>; for the no-op factory, the
    /// no-op logger itself (a category name is worked out by reflection, a cost a client that logs nothing need not pay).
    /// </summary>
    public static ILogger For<T>(ILoggerFactory factory) =>
        factory is NullLoggerFactory ? NullLogger.Instance : factory.CreateLogger<T>();
}
