namespace OpenAIImages.Benchmarks;

/// <summary>What a publish of the native AOT cold-start child came to.</summary>
/// <param name="Directory">The temporary folder it was published into, for the caller to delete.</param>
/// <param name="Executable">The native binary, or null when the publish failed.</param>
/// <param name="Summary">One line for the output: how long it took and its warnings, or why it failed.</param>
/// <param name="Warnings">Its trimming and AOT warnings by whose code produced them; null when it failed.</param>
public sealed record AotPublish(string Directory, string? Executable, string Summary, AotWarnings? Warnings = null);
