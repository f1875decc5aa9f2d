using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Responses;

/// <summary>Responses read as streams: images decoded, every field kept, odd bodies handled.</summary>
public sealed class ResponseReadingTests
{
    private static readonly ImageGenerationOptions Request = new("a lighthouse") { Model = ImageModel.GptImage2 };

    private static async Task<ImageResult> Read(string json, int chunk = 1 << 20)
    {
        var api = new RecordingApi().Answer(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new ChunkedStream(Encoding.UTF8.GetBytes(json), chunk)) };
            response.Headers.Add("x-request-id", "req_42");
            return response;
        });
        return await api.Client().GenerateAsync(Request);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    public async Task Large_base64_images_decode_exactly_whatever_the_chunking(int chunk)
    {
        byte[] first = TestImages.Png(300, 200);
        byte[] second = TestImages.Png(17, 5, alpha: false);
        string json = "{\"created\":1713833628,\"background\":\"opaque\",\"data\":[{\"b64_json\":\"" + Convert.ToBase64String(first) + "\"},{\"b64_json\":\"" + Convert.ToBase64String(second) + "\"}],"
            + "\"output_format\":\"png\",\"quality\":\"high\",\"size\":\"1536x1024\","
            + "\"usage\":{\"input_tokens\":50,\"input_tokens_details\":{\"image_tokens\":40,\"text_tokens\":10},\"output_tokens\":4160,\"total_tokens\":4210,\"output_tokens_details\":{\"image_tokens\":4100,\"text_tokens\":60}}}";

        ImageResult result = await Read(json, chunk);

        Assert.Equal(2, result.Images.Count);
        Assert.Equal(first, result.Images[0].Bytes.ToArray());
        Assert.Equal(second, result.Images[1].Bytes.ToArray());
        Assert.Equal([0, 1], result.Images.Select(i => i.Index));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1713833628), result.Created);
        Assert.Equal(ImageBackground.Opaque, result.Background);
        Assert.Equal(ImageOutputFormat.Png, result.OutputFormat);
        Assert.Equal(ImageQuality.High, result.Quality);
        Assert.Equal(ImageSize.Landscape1536x1024, result.Size);
        Assert.Equal(new ImageUsage(50, 4160, 4210, new ImageTokenDetails(10, 40), new ImageTokenDetails(60, 4100)), result.Usage);
        Assert.Equal("req_42", result.RequestId);
    }

    [Fact]
    public async Task Url_images_and_revised_prompts_are_kept()
    {
        ImageResult result = await Read("{\"created\":1,\"data\":[{\"url\":\"https://cdn.test/img/1.png?sig=abc\",\"revised_prompt\":\"A tall lighthouse at dusk\"}]}", chunk: 3);

        GeneratedImage image = Assert.Single(result.Images);
        Assert.False(image.HasBytes);
        Assert.True(image.Bytes.IsEmpty);
        Assert.Equal(new Uri("https://cdn.test/img/1.png?sig=abc"), image.Url);
        Assert.Equal("A tall lighthouse at dusk", image.RevisedPrompt);
        Assert.Null(result.Usage);
    }

    [Fact]
    public async Task Unknown_fields_of_any_shape_are_skipped()
    {
        string png = Convert.ToBase64String(TestImages.ReferencePng);
        string json = "{\"id\":\"x\",\"extra\":{\"data\":[{\"b64_json\":\"AAAA\"}],\"n\":[1,[2,{}]]},\"created\":5,\"data\":[{\"future\":{\"b64_json\":\"AAAA\"},\"b64_json\":\"" + png + "\",\"tags\":[\"a\",{\"b\":null}]}],\"usage\":{\"input_tokens\":1,\"output_tokens\":2,\"total_tokens\":3,\"new_field\":{\"x\":1},\"input_tokens_details\":{\"text_tokens\":1,\"image_tokens\":0}},\"safety_identifier\":\"s\"}";

        ImageResult result = await Read(json, chunk: 5);

        Assert.Equal(TestImages.ReferencePng, Assert.Single(result.Images).Bytes.ToArray());
        Assert.Equal(new ImageUsage(1, 2, 3, new ImageTokenDetails(1, 0), null), result.Usage);
    }

    [Fact]
    public async Task Escaped_slashes_and_line_breaks_in_base64_are_decoded()
    {
        byte[] bytes = Enumerable.Range(0, 300).Select(i => (byte)(i * 7)).ToArray();
        string base64 = Convert.ToBase64String(bytes, Base64FormattingOptions.InsertLineBreaks).Replace("/", "\\/").Replace("\r\n", "\\n");

        ImageResult result = await Read("{\"created\":1,\"data\":[{\"b64_json\":\"" + base64 + "\"}]}");

        Assert.Equal(bytes, result.Images[0].Bytes.ToArray());
    }

    [Fact]
    public async Task Response_enums_are_open_strings()
    {
        ImageResult result = await Read("{\"created\":1,\"data\":[],\"size\":\"1536x864\",\"quality\":\"xhigh\",\"output_format\":\"gif\",\"background\":\"\"}");

        Assert.Equal("1536x864", result.Size?.Value);
        Assert.Equal("xhigh", result.Quality?.Value);
        Assert.Equal("gif", result.OutputFormat?.Value);
        Assert.Null(result.Background);
    }

    [Fact]
    public async Task Image_format_comes_from_the_response_or_the_bytes()
    {
        ImageResult sniffed = await Read("{\"created\":1,\"data\":[{\"b64_json\":\"" + Convert.ToBase64String(TestImages.Webp(4, 4)) + "\"}]}");
        Assert.Equal(ImageOutputFormat.Webp, sniffed.Images[0].OutputFormat);
        Assert.Equal(".webp", sniffed.Images[0].FileExtension);

        ImageResult told = await Read("{\"created\":1,\"output_format\":\"jpeg\",\"data\":[{\"b64_json\":\"" + Convert.ToBase64String(TestImages.Jpeg(4, 4)) + "\"}]}");
        Assert.Equal(".jpg", told.Images[0].FileExtension);
    }

    [Theory]
    [InlineData("{\"created\":1,\"data\":[{\"b64_json\":\"AAAA")]
    [InlineData("")]
    [InlineData("{\"created\":1,\"data\":[{\"b64_json\":\"not base64!\"}]}")]
    [InlineData("[1,2]")]
    public async Task A_truncated_or_malformed_body_is_a_typed_error_not_a_hang(string json)
    {
        var error = await Assert.ThrowsAsync<ImagesInvalidResponseException>(() => Read(json, chunk: 4));

        Assert.Equal(200, error.Status);
        Assert.Equal("req_42", error.RequestId);
    }

    [Fact]
    public async Task Cancellation_while_reading_the_body_stops_the_call()
    {
        using var cts = new CancellationTokenSource();
        var api = new RecordingApi().Answer(_ =>
        {
            cts.Cancel();
            return RecordingApi.Json(RecordingApi.SuccessJson());
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => api.Client().GenerateAsync(Request, cts.Token));
    }
}
