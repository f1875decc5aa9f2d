namespace OpenAIImages.Benchmarks;

/// <summary>What one launch of a cold-start child came to.</summary>
/// <param name="Ok">Whether it exited 0 after the correct answer line.</param>
/// <param name="Milliseconds">From process start to its first line.</param>
/// <param name="Output">All it printed, for a failure's message.</param>
/// <param name="Exception">When its client threw: the exception's type and message, as the child reported them.</param>
public sealed record Launch(bool Ok, double Milliseconds, string Output, string? Exception);
