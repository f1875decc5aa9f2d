using System.Collections.Generic;

namespace OpenAIImages.Testing.Engine;

/// <summary>What <see cref="EmulatorEngine"/> answers; each transport writes it out its own way.</summary>
internal sealed class EngineResponse
{
    public EngineResponse(int status, string contentType, byte[] body)
    {
        Status = status;
        ContentType = contentType;
        Body = body;
    }

    public int Status { get; }

    public string ContentType { get; }

    public byte[] Body { get; }

    /// <summary>Gets the response headers other than <c>Content-Type</c> and <c>Content-Length</c>.</summary>
    public List<KeyValuePair<string, string>> Headers { get; } = [];

    /// <summary>Gets or sets whether the transport must drop the connection instead of answering.</summary>
    public bool DropConnection { get; init; }

    public static EngineResponse Dropped() => new(0, string.Empty, []) { DropConnection = true };
}
