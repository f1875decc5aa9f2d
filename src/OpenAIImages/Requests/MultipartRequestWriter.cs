using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Requests;

/// <summary>A <c>multipart/form-data</c> body that can be sent any number of times (each send reads the files afresh) and knows its length.</summary>
/// <remarks>
/// Text parts carry only <c>Content-Disposition</c>; file parts add the file's name (never a folder) and its real
/// <c>Content-Type</c>. Files are copied straight from their source to the connection, never buffered whole.
/// </remarks>
internal sealed class MultipartFormBody : HttpContent
{
    private static readonly byte[] CrLf = "\r\n"u8.ToArray();
    private readonly List<Part> _parts = [];
    private readonly string _boundary;

    public MultipartFormBody()
    {
        _boundary = "----OpenAIImagesBoundary" + RandomHex(8);
        Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=" + _boundary);
    }

    public string Boundary => _boundary;

    public void Add(string name, string? value)
    {
        if (value is not null)
        {
            _parts.Add(new Part(Header(name, null, null), Encoding.UTF8.GetBytes(NormalizeNewlines(value)), null, default));
        }
    }

    public void Add(string name, int? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    public void Add(string name, ImageInput image, ImageInfo info) =>
        _parts.Add(new Part(Header(name, image.GetFileName(info), info.ContentType), null, image, info));

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        await WriteAsync(stream, CancellationToken.None).ConfigureAwait(false);

#if NET
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        WriteAsync(stream, cancellationToken);
#endif

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        foreach (Part part in _parts)
        {
            length += part.Header.Length + (part.Text?.Length ?? part.Info.Length) + CrLf.Length;
        }

        length += Encoding.ASCII.GetByteCount("--" + _boundary + "--\r\n");
        return true;
    }

    private async Task WriteAsync(Stream stream, CancellationToken cancellationToken)
    {
        foreach (Part part in _parts)
        {
            await stream.WriteAsync(part.Header, 0, part.Header.Length, cancellationToken).ConfigureAwait(false);
            if (part.Text is { } text)
            {
                await stream.WriteAsync(text, 0, text.Length, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await part.Image!.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
            }

            await stream.WriteAsync(CrLf, 0, CrLf.Length, cancellationToken).ConfigureAwait(false);
        }

        byte[] closing = Encoding.ASCII.GetBytes("--" + _boundary + "--\r\n");
        await stream.WriteAsync(closing, 0, closing.Length, cancellationToken).ConfigureAwait(false);
    }

    private byte[] Header(string name, string? fileName, string? contentType)
    {
        var header = new StringBuilder();
        header.Append("--").Append(_boundary).Append("\r\n");
        header.Append("Content-Disposition: form-data; name=\"").Append(Quote(name)).Append('"');
        if (fileName is not null)
        {
            header.Append("; filename=\"").Append(Quote(fileName)).Append('"');
        }

        header.Append("\r\n");
        if (contentType is not null)
        {
            header.Append("Content-Type: ").Append(contentType).Append("\r\n");
        }

        header.Append("\r\n");
        return Encoding.UTF8.GetBytes(header.ToString());
    }

    // Text fields go out with CRLF line breaks, as browsers and openai-node send them (the HTML form encoding's rule).
    private static string NormalizeNewlines(string value) =>
        value.IndexOfAny(['\r', '\n']) < 0 ? value : value.Replace("\r\n", "\n").Replace('\r', '\n').Replace("\n", "\r\n");

    // As browsers do: a quote or line break would end the header, so it is percent-encoded.
    private static string Quote(string value) =>
        value.Replace("\"", "%22").Replace("\r", "%0D").Replace("\n", "%0A");

    private static string RandomHex(int bytes)
    {
        byte[] random = new byte[bytes];
        using (var rng = RandomNumberGenerator.Create())
        {
            rng.GetBytes(random);
        }

        var text = new StringBuilder(bytes * 2);
        foreach (byte b in random)
        {
            text.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    private sealed record Part(byte[] Header, byte[]? Text, ImageInput? Image, ImageInfo Info);
}

/// <summary>Turns edit and variation option records into multipart bodies, parts in the order OpenAI's own SDK sends them.</summary>
internal static class MultipartRequestWriter
{
    public static MultipartFormBody Create(ImageEditOptions options, string? model, IReadOnlyList<ImageInfo> images, ImageInfo? mask, ImageInfo? markup, bool stream)
    {
        var body = new MultipartFormBody();
        body.Add("model", model);
        string imageField = options.Images.Count == 1 ? "image" : "image[]";
        for (int i = 0; i < options.Images.Count; i++)
        {
            body.Add(imageField, options.Images[i], images[i]);
        }

        if (options.Mask is { } maskInput && mask is { } maskInfo)
        {
            body.Add("mask", maskInput, maskInfo);
        }

        if (options.Markup is { } markupInput && markup is { } markupInfo)
        {
            body.Add("markup", markupInput, markupInfo);
        }

        body.Add("prompt", options.Prompt);
        body.Add("n", options.N);
        body.Add("size", options.Size?.Value);
        body.Add("quality", options.Quality?.Value);
        body.Add("input_fidelity", options.InputFidelity?.Value);
        body.Add("response_format", options.ResponseFormat?.Value);
        body.Add("output_format", options.OutputFormat?.Value);
        body.Add("output_compression", options.OutputCompression);
        body.Add("background", options.Background?.Value);
#pragma warning disable CS0618 // user is deprecated by the API but still sent when a caller sets it.
        body.Add("user", options.User);
#pragma warning restore CS0618
        body.Add("safety_identifier", options.SafetyIdentifier);
        body.Add("complexity", options.Complexity?.Value);
        body.Add("frame_count", options.FrameCount);
        body.Add("frame_duration_ms", options.FrameDurationMs);
        body.Add("svg[model]", options.Svg?.Model);
        body.Add("svg[reasoning][effort]", options.Svg?.ReasoningEffort);
        body.Add("stream", stream ? "true" : null);
        body.Add("partial_images", options.PartialImages);
        return body;
    }

    public static MultipartFormBody Create(ImageVariationOptions options, string? model, ImageInfo image)
    {
        var body = new MultipartFormBody();
        body.Add("model", model);
        body.Add("image", options.Image, image);
        body.Add("n", options.N);
        body.Add("size", options.Size?.Value);
        body.Add("response_format", options.ResponseFormat?.Value);
        body.Add("user", options.User);
        return body;
    }
}
