using System;
using OpenAIImages.Web.Gallery;

namespace OpenAIImages.Web.Json;

/// <summary>A gallery image as the page sees it: its URL on this app and its metadata, never the bytes.</summary>
internal sealed record GalleryEntry(
    string Id,
    string Operation,
    string Url,
    string Prompt,
    string? RevisedPrompt,
    string Model,
    string? Size,
    string? Quality,
    string? OutputFormat,
    UsageEntry? Usage,
    DateTimeOffset Created,
    string? RequestId,
    string MediaType,
    int Bytes)
{
    public static GalleryEntry From(GalleryItem item) => new(
        item.Id,
        item.Operation,
        "/images/" + item.Id,
        item.Prompt,
        item.RevisedPrompt,
        item.Model,
        item.Size,
        item.Quality,
        item.OutputFormat,
        item.Usage is { } usage ? new UsageEntry(usage.InputTokens, usage.OutputTokens, usage.TotalTokens) : null,
        item.Created,
        item.RequestId,
        item.ContentType,
        item.Bytes.Length);
}

/// <summary>The tokens a GPT image model used.</summary>
internal sealed record UsageEntry(int InputTokens, int OutputTokens, int TotalTokens);
