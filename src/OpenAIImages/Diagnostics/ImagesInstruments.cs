using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OpenAIImages.Diagnostics;

/// <summary>The client's <see cref="ActivitySource"/> and <see cref="Meter"/>, both named <c>OpenAIImages</c>, and the instruments on it.</summary>
/// <remarks>
/// One per process, as <see cref="System.Net.Http.HttpClient"/> has: listeners subscribe by name, and an instrument nobody
/// listens to costs a check of <see cref="Instrument.Enabled"/>. Histogram buckets are the conventions' advice.
/// </remarks>
internal static class ImagesInstruments
{
    private static readonly string? Version = Internal.PackageVersion.Informational;

    public static ActivitySource Source { get; } = new(TelemetryNames.SourceName, Version);

    public static Meter Meter { get; } = new(TelemetryNames.SourceName, Version);

    public static Histogram<double> OperationDuration { get; } = Meter.CreateHistogram(
        TelemetryNames.OperationDurationMetric,
        "s",
        "GenAI operation duration.",
        null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92] });

    public static Histogram<int> TokenUsage { get; } = Meter.CreateHistogram(
        TelemetryNames.TokenUsageMetric,
        "{token}",
        "Measures number of input and output tokens used.",
        null,
        new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864] });

    public static Counter<long> Images { get; } = Meter.CreateCounter<long>(
        TelemetryNames.ImagesMetric,
        "{image}",
        "Images the Images API returned: each image of a result, and each completed image of a stream (partial images do not count).");

    public static Counter<long> RateLimitWaits { get; } = Meter.CreateCounter<long>(
        TelemetryNames.RateLimitWaitsMetric,
        "{wait}",
        "Calls that waited for the client-side rate limit (ImagesClientOptions.RateLimits) before they were sent.");

    // The unit is whatever the price table's currency is (USD for the built-in one); the currency tag says which, and
    // amounts of different currencies are never summed under one series.
    public static Counter<double> Cost { get; } = Meter.CreateCounter<double>(
        TelemetryNames.CostMetric,
        "{currency}",
        "What calls cost, in the currency of the openaiimages.cost.currency tag: each result and completed stream whose cost is known (ImageResult.Cost).");

    /// <summary>Gets whether anyone listens to the activity source or to an instrument an operation records.</summary>
    public static bool OperationsObserved => Source.HasListeners() || OperationDuration.Enabled || TokenUsage.Enabled || Images.Enabled || Cost.Enabled;

    /// <summary>Gets the current activity when it is one of ours, for events of the operation under way.</summary>
    public static Activity? CurrentOperation => Activity.Current is { } current && ReferenceEquals(current.Source, Source) ? current : null;
}
