using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.ContractTests;

// `user` is deprecated by the API in favour of safety_identifier, but the SDK still sends it and the spec still declares it, so it is tested.
#pragma warning disable CS0618

/// <summary>The endpoint a shape is sent to.</summary>
public enum ImagesEndpoint
{
    /// <summary><c>POST /images/generations</c>, JSON.</summary>
    Generations,

    /// <summary><c>POST /images/edits</c>, multipart.</summary>
    Edits,

    /// <summary><c>POST /images/variations</c>, multipart.</summary>
    Variations,
}

/// <summary>One named request the SDK can produce: its options, and whether it goes through a streaming method.</summary>
public sealed class RequestShape
{
    private RequestShape(string name, ImagesEndpoint endpoint, object options, bool stream, string? invalidField)
    {
        Name = name;
        Endpoint = endpoint;
        Options = options;
        Stream = stream;
        InvalidField = invalidField;
    }

    /// <summary>Gets the shape's name, unique; the test cases are named by it.</summary>
    public string Name { get; }

    /// <summary>Gets the endpoint.</summary>
    public ImagesEndpoint Endpoint { get; }

    /// <summary>Gets the options record passed to the client.</summary>
    public object Options { get; }

    /// <summary>Gets whether the shape is sent through GenerateStreamingAsync / EditStreamingAsync.</summary>
    public bool Stream { get; }

    /// <summary>Gets, for an invalid shape, the field Prism's 422 must name; null for a valid shape.</summary>
    public string? InvalidField { get; }

    /// <summary>Gets the path Prism serves the endpoint at.</summary>
    public string Path => Endpoint switch
    {
        ImagesEndpoint.Generations => "/images/generations",
        ImagesEndpoint.Edits => "/images/edits",
        _ => "/images/variations",
    };

    /// <summary>Gets the spec schema the endpoint's body must match.</summary>
    public string Schema => Endpoint switch
    {
        ImagesEndpoint.Generations => "CreateImageRequest",
        ImagesEndpoint.Edits when IsJsonEdit => "EditImageBodyJsonParam",
        ImagesEndpoint.Edits => "CreateImageEditRequest",
        _ => "CreateImageVariationRequest",
    };

    /// <summary>Gets whether this is an edit from image references, which goes as JSON.</summary>
    public bool IsJsonEdit => Options is ImageEditOptions { Images.Count: > 0 } e && e.Images.All(i => i.IsReference);

    /// <summary>A generation (JSON).</summary>
    public static RequestShape Generate(string name, ImageGenerationOptions options, string? invalidField = null) =>
        new(name, ImagesEndpoint.Generations, options, false, invalidField);

    /// <summary>A streamed generation (JSON with <c>stream: true</c>).</summary>
    public static RequestShape GenerateStreaming(string name, ImageGenerationOptions options, string? invalidField = null) =>
        new(name, ImagesEndpoint.Generations, options, true, invalidField);

    /// <summary>An edit (multipart).</summary>
    public static RequestShape Edit(string name, ImageEditOptions options, string? invalidField = null) =>
        new(name, ImagesEndpoint.Edits, options, false, invalidField);

    /// <summary>A streamed edit (multipart with <c>stream=true</c>).</summary>
    public static RequestShape EditStreaming(string name, ImageEditOptions options, string? invalidField = null) =>
        new(name, ImagesEndpoint.Edits, options, true, invalidField);

    /// <summary>A variation (multipart).</summary>
    public static RequestShape Variation(string name, ImageVariationOptions options, string? invalidField = null) =>
        new(name, ImagesEndpoint.Variations, options, false, invalidField);

    /// <summary>Sends the shape through <paramref name="client"/> and reads the whole answer.</summary>
    public async Task SendAsync(ImagesClient client, CancellationToken cancellationToken)
    {
        switch (Options)
        {
            case ImageGenerationOptions generation when Stream:
                await foreach (ImageStreamEvent item in client.GenerateStreamingAsync(generation, cancellationToken))
                {
                    _ = item;
                }

                break;
            case ImageGenerationOptions generation:
                await client.GenerateAsync(generation, cancellationToken);
                break;
            case ImageEditOptions edit when Stream:
                await foreach (ImageStreamEvent item in client.EditStreamingAsync(edit, cancellationToken))
                {
                    _ = item;
                }

                break;
            case ImageEditOptions edit:
                await client.EditAsync(edit, cancellationToken);
                break;
            case ImageVariationOptions variation:
                await client.CreateVariationAsync(variation, cancellationToken);
                break;
            default:
                throw new InvalidOperationException($"Unknown options type {Options.GetType()}.");
        }
    }

    /// <summary>
    /// Lists the fields the request must carry, from the options and the spec's field names, independently of the SDK's
    /// writers: every option set must reach the wire under its spec name, and nothing else may.
    /// </summary>
    public IReadOnlyList<WireField> ExpectedFields()
    {
        var fields = new List<WireField>();
        void Add(string name, object? value)
        {
            string? text = value switch
            {
                null => null,
                int number => number.ToString(CultureInfo.InvariantCulture),
                bool flag => flag ? "true" : "false",
                _ => value.ToString(),
            };
            if (text is not null)
            {
                fields.Add(new WireField(name, text));
            }
        }

        switch (Options)
        {
            case ImageGenerationOptions o:
                // A request that names no model goes with the SDK's default, never the server's.
                Add("model", o.Model?.Value ?? "gpt-image-2");
                Add("prompt", o.Prompt);
                Add("n", o.N);
                Add("size", o.Size?.Value);
                Add("quality", o.Quality?.Value);
                Add("style", o.Style?.Value);
                Add("response_format", o.ResponseFormat?.Value);
                Add("background", o.Background?.Value);
                Add("output_format", o.OutputFormat?.Value);
                Add("output_compression", o.OutputCompression);
                Add("moderation", o.Moderation?.Value);
                Add("user", o.User);
                Add("stream", Stream ? true : null);
                Add("partial_images", o.PartialImages);
                break;
            case ImageEditOptions o when IsJsonEdit:
                // The JSON form: references as objects with exactly one of image_url and file_id.
                static string Reference(ImageInput i) => i.FileId is { } id ? $"{{\"file_id\":\"{id}\"}}" : $"{{\"image_url\":\"{i.Url}\"}}";
                Add("model", o.Model?.Value ?? "gpt-image-2");
                Add("images", "[" + string.Join(",", o.Images.Select(Reference)) + "]");
                Add("mask", o.Mask is { } reference ? Reference(reference) : null);
                Add("prompt", o.Prompt);
                Add("n", o.N);
                Add("size", o.Size?.Value);
                Add("quality", o.Quality?.Value);
                Add("input_fidelity", o.InputFidelity?.Value);
                Add("output_format", o.OutputFormat?.Value);
                Add("output_compression", o.OutputCompression);
                Add("moderation", o.Moderation?.Value);
                Add("background", o.Background?.Value);
                Add("user", o.User);
                Add("stream", Stream ? true : null);
                Add("partial_images", o.PartialImages);
                break;
            case ImageEditOptions o:
                Add("model", o.Model?.Value ?? "gpt-image-2");
                string imageField = o.Images.Count == 1 ? "image" : "image[]";
                fields.AddRange(o.Images.Select(i => WireField.File(imageField, i.FileName!)));
                if (o.Mask is { } mask)
                {
                    fields.Add(WireField.File("mask", mask.FileName!));
                }

                Add("prompt", o.Prompt);
                Add("n", o.N);
                Add("size", o.Size?.Value);
                Add("quality", o.Quality?.Value);
                Add("input_fidelity", o.InputFidelity?.Value);
                Add("response_format", o.ResponseFormat?.Value);
                Add("output_format", o.OutputFormat?.Value);
                Add("output_compression", o.OutputCompression);
                Add("background", o.Background?.Value);
                Add("user", o.User);
                Add("stream", Stream ? true : null);
                Add("partial_images", o.PartialImages);
                break;
            case ImageVariationOptions o:
                Add("model", o.Model?.Value ?? "dall-e-2");
                fields.Add(WireField.File("image", o.Image.FileName!));
                Add("n", o.N);
                Add("size", o.Size?.Value);
                Add("response_format", o.ResponseFormat?.Value);
                Add("user", o.User);
                break;
        }

        return fields;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
