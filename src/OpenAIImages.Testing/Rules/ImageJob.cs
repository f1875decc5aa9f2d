using System.Collections.Generic;

namespace OpenAIImages.Testing.Rules;

/// <summary>A request that passed validation, with every default filled in: what to draw and how to answer.</summary>
internal sealed class ImageJob
{
    public required Endpoint Endpoint { get; init; }

    public required ServiceModel Model { get; init; }

    public required string Prompt { get; init; }

    public required int N { get; init; }

    public required int Width { get; init; }

    public required int Height { get; init; }

    /// <summary>Gets the size as the response reports it (<c>auto</c> resolved).</summary>
    public string SizeText => $"{Width}x{Height}";

    /// <summary>Gets the quality as the response reports it (<c>auto</c> resolved).</summary>
    public required string Quality { get; init; }

    /// <summary>Gets whether images come back as <c>url</c> rather than <c>b64_json</c>.</summary>
    public required bool AsUrl { get; init; }

    public required string OutputFormat { get; init; }

    /// <summary>Gets <c>output_compression</c> (0–100, default 100): the JPEG quality.</summary>
    public int OutputCompression { get; init; } = 100;

    /// <summary>Gets <c>frame_count</c> (default 9) for a GIF.</summary>
    public int FrameCount { get; init; } = 9;

    /// <summary>Gets <c>frame_duration_ms</c> (default 200) for a GIF.</summary>
    public int FrameDurationMs { get; init; } = 200;

    /// <summary>Gets the background as the response reports it: <c>transparent</c> or <c>opaque</c>.</summary>
    public required string Background { get; init; }

    public required bool Stream { get; init; }

    public required int PartialImages { get; init; }

    /// <summary>Gets the bytes (or JSON references) of the input images, to seed derived pictures.</summary>
    public required IReadOnlyList<byte[]> Inputs { get; init; }

    /// <summary>Gets the bytes of a multipart edit's mask, or <see langword="null"/>.</summary>
    public byte[]? Mask { get; init; }
}
