namespace OpenAIImages.Testing.Engine;

/// <summary>How the body was encoded.</summary>
internal enum BodyKind
{
    None,
    Json,
    Multipart,
    Other,
}
