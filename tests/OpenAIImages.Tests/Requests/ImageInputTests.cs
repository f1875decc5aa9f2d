using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Requests;

/// <summary>Input images: read from files, streams or bytes; typed by their bytes; sent again intact on a retry.</summary>
public sealed class ImageInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("openaiimages-input-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A forward-only stream, like a network or pipe stream.</summary>
    private sealed class ForwardOnlyStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Position { get => base.Position; set => throw new NotSupportedException(); }

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }

    /// <summary>Sends every request twice, the way a retry handler below HttpClient does: the same message, its body serialized again.</summary>
    private sealed class RetryOnceHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            (await base.SendAsync(request, cancellationToken)).Dispose();
            return await base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task Three_formats_are_sent_with_their_real_content_types_and_only_their_file_names()
    {
        string pngPath = Path.Combine(_dir, "nested", "photo.png");
        Directory.CreateDirectory(Path.GetDirectoryName(pngPath)!);
        await File.WriteAllBytesAsync(pngPath, TestImages.Png(32, 32));
        var api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());
        var images = new[]
        {
            ImageInput.FromFile(pngPath),
            ImageInput.FromBytes(TestImages.Jpeg(32, 32), "../../secret/dir/actually-a-jpeg.png"),
            ImageInput.FromStream(new ForwardOnlyStream(TestImages.Webp(32, 32))),
        };

        await api.Client().EditAsync(new ImageEditOptions(images, "merge") { Model = ImageModel.GptImage15 });

        var files = api.Single.Parts.Where(p => p.Name == "image[]").ToList();
        Assert.Equal(["photo.png", "actually-a-jpeg.png", "image.webp"], files.Select(f => f.FileName));
        Assert.Equal(["image/png", "image/jpeg", "image/webp"], files.Select(f => f.ContentType));
        Assert.Equal(await File.ReadAllBytesAsync(pngPath), files[0].Data);
        Assert.Equal(TestImages.Jpeg(32, 32), files[1].Data);
        Assert.Equal(TestImages.Webp(32, 32), files[2].Data);
        Assert.DoesNotContain(_dir, api.Single.BodyText);
    }

    public static IEnumerable<object[]> Sources()
    {
        yield return ["file"];
        yield return ["bytes"];
        yield return ["seekable stream"];
        yield return ["forward-only stream"];
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task A_retried_request_sends_the_same_body_without_the_caller_rewinding_anything(string source)
    {
        byte[] png = TestImages.Png(48, 48);
        string path = Path.Combine(_dir, "in.png");
        await File.WriteAllBytesAsync(path, png);
        ImageInput input = source switch
        {
            "file" => ImageInput.FromFile(path),
            "bytes" => ImageInput.FromBytes(png, "in.png"),
            "seekable stream" => ImageInput.FromStream(new MemoryStream(png), "in.png"),
            _ => ImageInput.FromStream(new ForwardOnlyStream(png), "in.png"),
        };
        var api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());
        var client = new ImagesClient(new HttpClient(new RetryOnceHandler(api.Handler)), RecordingApi.Options());

        await client.EditAsync(new ImageEditOptions(input, "x") { Model = ImageModel.GptImage1, Mask = ImageInput.FromBytes(TestImages.Png(48, 48), "mask.png") });

        Assert.Equal(2, api.Sent.Count);
        Assert.Equal(api.Sent[0].Body, api.Sent[1].Body);
        Assert.Equal(png, api.Sent[1].Parts.Single(p => p.Name == "image").Data);
        Assert.Equal(api.Sent[1].Body.Length, api.Sent[1].ContentLength);
    }

    [Fact]
    public async Task A_seekable_stream_is_read_from_where_it_stood_when_the_input_was_made()
    {
        byte[] png = TestImages.Png(8, 8);
        var stream = new MemoryStream([.. new byte[] { 9, 9, 9 }, .. png]) { Position = 3 };
        var api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());
        var input = ImageInput.FromStream(stream, "x.png");

        await api.Client().CreateVariationAsync(new ImageVariationOptions(input) { Model = ImageModel.DallE2 });
        await api.Client().CreateVariationAsync(new ImageVariationOptions(input) { Model = ImageModel.DallE2 });

        Assert.All(api.Sent, sent => Assert.Equal(png, sent.Parts.Single(p => p.Name == "image").Data));
        Assert.True(stream.CanRead, "the caller's stream is not disposed");
    }

    [Fact]
    public void Bad_sources_fail_with_clear_argument_errors()
    {
        Assert.Throws<FileNotFoundException>(() => ImageInput.FromFile(Path.Combine(_dir, "missing.png")));
        Assert.Throws<ArgumentException>(() => ImageInput.FromFile(""));
        Assert.Throws<ArgumentNullException>(() => ImageInput.FromStream(null!));
        var closed = new MemoryStream();
        closed.Dispose();
        Assert.Throws<ArgumentException>(() => ImageInput.FromStream(closed));
    }

    [Fact]
    public async Task Validation_off_still_sends_real_content_types()
    {
        var api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());

        await api.Client(o => o.ValidateRequests = false).CreateVariationAsync(new ImageVariationOptions(ImageInput.FromBytes(TestImages.Jpeg(10, 20), "j.png")));

        Assert.Equal("image/jpeg", api.Single.Parts.Single(p => p.Name == "image").ContentType);
    }

    [Fact]
    public async Task An_unreachable_server_surfaces_as_an_http_request_exception()
    {
        var api = new RecordingApi();
        api.Handler.Fallback.Respond(_ => throw new HttpRequestException("Connection refused"));

        await Assert.ThrowsAsync<ImagesConnectionException>(() => api.Client().GenerateAsync(new ImageGenerationOptions("x")));
    }

    [Fact]
    public async Task A_success_status_other_than_200_is_read_as_success()
    {
        var api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson(), HttpStatusCode.Created);

        ImageResult result = await api.Client().GenerateAsync(new ImageGenerationOptions("x"));

        Assert.Single(result.Images);
    }
    // A header past the first small read: a JPEG whose frame comes after 40 KB of EXIF, a PNG whose tRNS comes after a 20 KB chunk.
    private static byte[] JpegAfterLargeExif(int width, int height)
    {
        const int payload = 40_000;
        byte[] app1 = [0xFF, 0xE1, (byte)((payload + 2) >> 8), (byte)((payload + 2) & 0xFF), .. new byte[payload]];
        return [0xFF, 0xD8, .. app1, .. TestImages.Jpeg(width, height).AsSpan(2)];
    }

    private static byte[] RgbPngWithLateChunks(int width, int height, bool transparency)
    {
        static byte[] Chunk(string type, byte[] data)
        {
            using var chunk = new MemoryStream();
            OpenAIImages.Tests.Shared.PngEncoder.WriteChunk(chunk, type, data);
            return chunk.ToArray();
        }

        byte[] png = TestImages.Png(width, height, alpha: false);
        byte[] late = [.. Chunk("tEXt", new byte[20_000]), .. transparency ? Chunk("tRNS", new byte[6]) : []];
        return [.. png.AsSpan(0, 33), .. late, .. png.AsSpan(33)];
    }

    [Fact]
    public async Task A_jpeg_header_after_large_exif_is_still_read_from_a_file()
    {
        string image = Path.Combine(_dir, "exif.jpg");
        string mask = Path.Combine(_dir, "mask.png");
        await File.WriteAllBytesAsync(image, JpegAfterLargeExif(64, 48));
        await File.WriteAllBytesAsync(mask, TestImages.Png(32, 32));
        var api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());

        var error = await Assert.ThrowsAsync<ImageValidationException>(() => api.Client().EditAsync(
            new ImageEditOptions([ImageInput.FromFile(image)], "x") { Model = ImageModel.GptImage2, Mask = ImageInput.FromFile(mask) }));

        Assert.Contains(error.Errors, e => e.Message.Contains("first image, 64x48", StringComparison.Ordinal));
        Assert.Empty(api.Sent);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_png_transparency_chunk_after_a_large_chunk_is_still_found(bool transparency)
    {
        var api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());
        var edit = new ImageEditOptions([ImageInput.FromBytes(TestImages.Png(64, 48), "in.png")], "x")
        {
            Model = ImageModel.GptImage2,
            Mask = ImageInput.FromStream(new MemoryStream(RgbPngWithLateChunks(64, 48, transparency)), "mask.png"),
        };

        if (transparency)
        {
            await api.Client().EditAsync(edit);
            Assert.Single(api.Sent);
        }
        else
        {
            var error = await Assert.ThrowsAsync<ImageValidationException>(() => api.Client().EditAsync(edit));
            Assert.Contains(error.Errors, e => e.Message.Contains("no alpha channel", StringComparison.Ordinal));
        }
    }
}
