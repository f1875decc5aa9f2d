namespace OpenAIImages.Testing.Engine;

/// <summary>What an <see cref="EmulatedFault"/> does.</summary>
internal enum FaultKind
{
    Error,
    RateLimited,
    DroppedConnection,
    Delay,
    ContentFilter,
    ResetMidBody,
    SlowBody,
}
