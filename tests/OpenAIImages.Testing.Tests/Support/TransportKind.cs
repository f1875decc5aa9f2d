namespace OpenAIImages.Testing.Tests.Support;

/// <summary>How a test reaches the emulator.</summary>
public enum TransportKind
{
    InProcess,
    Kestrel,
}
