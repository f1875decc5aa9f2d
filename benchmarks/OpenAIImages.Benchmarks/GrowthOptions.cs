using System;

namespace OpenAIImages.Benchmarks;

/// <summary>The growth benchmark's sizes, full or quick (<c>--quick</c>, which the parent passes to its children in the environment).</summary>
public static class GrowthOptions
{
    /// <summary>The environment variable that makes a child quick too.</summary>
    public const string QuickVariable = "OPENAIIMAGES_GROWTH_QUICK";

    /// <summary>Gets whether this run is the quick one: small sizes, for the smoke run.</summary>
    public static bool Quick => Environment.GetEnvironmentVariable(QuickVariable) == "1";

    /// <summary>Batch lines per row.</summary>
    public static int[] BatchLines => Quick ? [20, 200] : [500, 5_000, 50_000];

    /// <summary>Prompts per fan-out row (16 at a time).</summary>
    public static int[] FanOutPrompts => Quick ? [20, 200] : [1_000, 10_000, 100_000];

    /// <summary>Prompts per journal row (the CLI's batch command).</summary>
    public static int[] JournalPrompts => Quick ? [10, 50] : [100, 1_000, 10_000];

    /// <summary>Calls in flight per row.</summary>
    public static int[] InFlightCalls => Quick ? [4, 40] : [10, 100, 1_000];

    /// <summary>How long the slow server holds each call.</summary>
    public static TimeSpan Hold => Quick ? TimeSpan.FromMilliseconds(300) : TimeSpan.FromSeconds(3);

    /// <summary>Images per large generation.</summary>
    public static int[] LargeImages => Quick ? [1, 3] : [1, 3, 10];

    /// <summary>The decoded size of each 3840x2160 image (a PNG of that size is 8 to 25 MB).</summary>
    public static int LargeImageBytes => Quick ? 1_000_000 : 12_000_000;

    /// <summary>Lines of a large-line batch's results file.</summary>
    public static int[] LargeLines => Quick ? [1, 2] : [1, 3, 10];

    /// <summary>The decoded image of each large results line: about 50 MB of base64, the most a line of a 3840x2160 image comes to.</summary>
    public static int LargeLineImageBytes => Quick ? 1_000_000 : 37_500_000;

    /// <summary>Input files per large edit.</summary>
    public static int[] EditInputs => Quick ? [1, 4] : [1, 4, 16];

    /// <summary>The size of each edit input (gpt-image models take files under 50 MiB).</summary>
    public static int EditInputBytes => Quick ? 1_000_000 : 50_000_000;

    /// <summary>Seconds each Redis throughput child takes permits for.</summary>
    public static int RedisSeconds => Quick ? 1 : 5;

    /// <summary>Sequential calls per Redis call-cost row.</summary>
    public static int RedisCalls => Quick ? 200 : 3_000;
}
