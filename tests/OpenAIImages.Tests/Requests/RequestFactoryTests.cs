using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using OpenAIImages.Pipeline;
using OpenAIImages.Requests;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Requests;

/// <summary>The request factory alone: which endpoint, which wire format, and the body's bytes.</summary>
public sealed class RequestFactoryTests
{
    private static async Task<string> Body(ImageCall call)
    {
        using HttpContent content = call.CreateContent();
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy);
        return Encoding.UTF8.GetString(copy.ToArray());
    }

    [Fact]
    public async Task A_generation_is_json_to_the_generations_endpoint()
    {
        ImageCall call = ImageRequestFactory.Generation(new ImageGenerationOptions("a fox") { N = 2 }, "gpt-image-2", stream: true, files: null);

        Assert.Equal(ImageEndpoint.Generations, call.Endpoint);
        Assert.Equal(2, call.Images);
        using HttpContent content = call.CreateContent();
        Assert.Equal("application/json", content.Headers.ContentType!.MediaType);
        Assert.Equal("{\"model\":\"gpt-image-2\",\"prompt\":\"a fox\",\"n\":2,\"stream\":true}", await Body(call));
    }

    [Fact]
    public async Task An_edit_of_references_only_is_json_and_one_with_bytes_is_multipart()
    {
        var references = new ImageEditOptions([ImageInput.FromUrl("https://example.com/a.png"), ImageInput.FromFileId("file-1")], "add a window");
        ImageCall json = ImageRequestFactory.Edit(references, "gpt-image-2", [], null, null, stream: false, files: null);
        using (HttpContent content = json.CreateContent())
        {
            Assert.Equal("application/json", content.Headers.ContentType!.MediaType);
        }

        Assert.Contains("\"images\":[{\"image_url\":\"https://example.com/a.png\"},{\"file_id\":\"file-1\"}]", await Body(json), StringComparison.Ordinal);

        ImageInput bytes = ImageInput.FromBytes(TestImages.ReferencePng);
        ImageInfo info = await bytes.InspectAsync(default);
        ImageCall form = ImageRequestFactory.Edit(new ImageEditOptions([bytes], "add a window"), "gpt-image-2", [info], null, null, stream: false, files: null);
        using HttpContent multipart = form.CreateContent();
        Assert.Equal("multipart/form-data", multipart.Headers.ContentType!.MediaType);
        Assert.Equal(ImageEndpoint.Edits, form.Endpoint);
    }

    [Fact]
    public async Task Every_attempt_gets_a_fresh_body_with_the_same_bytes()
    {
        ImageInput bytes = ImageInput.FromBytes(TestImages.ReferencePng);
        ImageInfo info = await bytes.InspectAsync(default);
        ImageCall call = ImageRequestFactory.Variation(new ImageVariationOptions(bytes) { N = 3 }, "dall-e-2", info);

        string first = await Body(call);
        string second = await Body(call);

        Assert.Equal(ImageEndpoint.Variations, call.Endpoint);
        Assert.Equal(first.Length, second.Length);
        Assert.Contains("name=\"n\"\r\n\r\n3\r\n", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Newlines_in_multipart_text_fields_go_out_as_crlf()
    {
        ImageInput bytes = ImageInput.FromBytes(TestImages.ReferencePng);
        ImageInfo info = await bytes.InspectAsync(default);
        ImageCall call = ImageRequestFactory.Edit(new ImageEditOptions([bytes], "line one\nline two\r\nline three\rend"), "gpt-image-2", [info], null, null, stream: false, files: null);

        Assert.Contains("line one\r\nline two\r\nline three\r\nend\r\n", await Body(call), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(@"C:\Users\x\photo.png", "photo.png")]
    [InlineData("/home/x/pictures/photo.png", "photo.png")]
    [InlineData(@"..\..\secret\photo.png", "photo.png")]
    [InlineData("photo.png", "photo.png")]
    public async Task Only_the_last_segment_of_a_file_name_leaves_the_machine(string given, string sent)
    {
        ImageInput bytes = ImageInput.FromBytes(TestImages.ReferencePng, given);
        ImageInfo info = await bytes.InspectAsync(default);
        ImageCall call = ImageRequestFactory.Edit(new ImageEditOptions([bytes], "x"), "gpt-image-2", [info], null, null, stream: false, files: null);

        string body = await Body(call);

        Assert.Contains($"filename=\"{sent}\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Users", body, StringComparison.Ordinal);
        Assert.DoesNotContain("home", body, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", body, StringComparison.Ordinal);
    }
}
