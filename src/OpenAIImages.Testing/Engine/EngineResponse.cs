using System;
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
        Length = body.Length;
    }

    public int Status { get; }

    public string ContentType { get; }

    public byte[] Body { get; }

    /// <summary>Gets the response headers other than <c>Content-Type</c> and <c>Content-Length</c>.</summary>
    public List<KeyValuePair<string, string>> Headers { get; } = [];

    /// <summary>Gets or sets the body in pieces, each written after its delay on <see cref="Clock"/>; <see langword="null"/> writes <see cref="Body"/> at once.</summary>
    /// <remarks>The pieces are slices of <see cref="Body"/>, whose length is still the Content-Length.</remarks>
    public IReadOnlyList<BodyChunk>? Chunks { get; set; }

    /// <summary>Gets or sets the clock the <see cref="Chunks"/>' delays run on.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets whether the transport resets the connection after the <see cref="Chunks"/>, short of the Content-Length.</summary>
    public bool ResetAfterChunks { get; set; }

    /// <summary>Gets or sets whether the transport must drop the connection instead of answering.</summary>
    public bool DropConnection { get; init; }

    /// <summary>Gets the body to copy from, when it is not <see cref="Body"/> (a stored file served from disk), or <see langword="null"/>.</summary>
    public System.IO.Stream? BodyStream { get; private init; }

    /// <summary>Gets the Content-Length: of <see cref="BodyStream"/> when set, else of <see cref="Body"/>.</summary>
    public long Length { get; private init; }

    /// <summary>Creates an answer whose body is copied from <paramref name="body"/> (which the transport disposes), <paramref name="length"/> bytes.</summary>
    public static EngineResponse Streamed(int status, string contentType, System.IO.Stream body, long length) =>
        new(status, contentType, []) { BodyStream = body, Length = length };

    public static EngineResponse Dropped() => new(0, string.Empty, []) { DropConnection = true };
}
