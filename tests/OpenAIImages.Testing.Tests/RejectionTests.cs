using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using System.Drawing;
using OpenAIImages.Testing.Tests.Support;

namespace OpenAIImages.Testing.Tests;

public sealed class RejectionTests
{
    private static readonly Dictionary<string, (string Path, Func<HttpContent> Body, string Param, string Code)> Cases = new()
    {
        ["generation: dall-e-3 with 512x512"] = ("images/generations", Json("""{"model":"dall-e-3","prompt":"p","size":"512x512"}"""), "size", "invalid_value"),
        ["generation: dall-e-3 with n=2"] = ("images/generations", Json("""{"model":"dall-e-3","prompt":"p","n":2}"""), "n", "invalid_value"),
        ["generation: style with gpt-image-1"] = ("images/generations", Json("""{"model":"gpt-image-1","prompt":"p","style":"vivid"}"""), "style", "unsupported_parameter"),
        ["generation: missing prompt"] = ("images/generations", Json("""{"model":"gpt-image-1.5","n":1}"""), "prompt", "missing_required_parameter"),
        ["generation: gpt-image-2 edge not a multiple of 16"] = ("images/generations", Json("""{"model":"gpt-image-2","prompt":"p","size":"1000x1000"}"""), "size", "invalid_value"),
        ["generation: gpt-image-2 ratio above 3:1"] = ("images/generations", Json("""{"model":"gpt-image-2","prompt":"p","size":"3456x1024"}"""), "size", "invalid_value"),
        ["generation: gpt-image-2 edge above 3840"] = ("images/generations", Json("""{"model":"gpt-image-2","prompt":"p","size":"4096x2048"}"""), "size", "invalid_value"),
        ["generation: gpt-image-2 too few pixels"] = ("images/generations", Json("""{"model":"gpt-image-2","prompt":"p","size":"512x512"}"""), "size", "invalid_value"),
        ["generation: gpt-image-1 custom size"] = ("images/generations", Json("""{"model":"gpt-image-1","prompt":"p","size":"1280x720"}"""), "size", "invalid_value"),
        ["generation: response_format with a GPT model"] = ("images/generations", Json("""{"model":"gpt-image-1.5","prompt":"p","response_format":"url"}"""), "response_format", "unsupported_parameter"),
        ["generation: background with dall-e-2"] = ("images/generations", Json("""{"model":"dall-e-2","prompt":"p","background":"opaque"}"""), "background", "unsupported_parameter"),
        ["generation: dall-e-2 prompt over 1000 chars"] = ("images/generations", Json($$"""{"model":"dall-e-2","prompt":"{{new string('a', 1001)}}"}"""), "prompt", "string_above_max_length"),
        ["generation: hd quality with dall-e-2"] = ("images/generations", Json("""{"model":"dall-e-2","prompt":"p","quality":"hd"}"""), "quality", "invalid_value"),
        ["generation: output_compression with png"] = ("images/generations", Json("""{"model":"gpt-image-1","prompt":"p","output_compression":50}"""), "output_compression", "invalid_value"),
        ["generation: output_compression above 100"] = ("images/generations", Json("""{"model":"gpt-image-1","prompt":"p","output_format":"jpeg","output_compression":101}"""), "output_compression", "integer_above_max_value"),
        ["generation: transparent background as jpeg"] = ("images/generations", Json("""{"model":"gpt-image-1","prompt":"p","background":"transparent","output_format":"jpeg"}"""), "background", "invalid_value"),
        ["generation: stream with dall-e-3"] = ("images/generations", Json("""{"model":"dall-e-3","prompt":"p","stream":true}"""), "stream", "unsupported_parameter"),
        ["generation: partial_images above 3"] = ("images/generations", Json("""{"model":"gpt-image-1","prompt":"p","stream":true,"partial_images":4}"""), "partial_images", "integer_above_max_value"),
        ["generation: n as a string"] = ("images/generations", Json("""{"model":"gpt-image-1","prompt":"p","n":"2"}"""), "n", "invalid_type"),
        ["generation: n=11"] = ("images/generations", Json("""{"model":"gpt-image-1","prompt":"p","n":11}"""), "n", "integer_above_max_value"),
        ["generation: unknown parameter"] = ("images/generations", Json("""{"model":"gpt-image-1","prompt":"p","colour":"red"}"""), "colour", "unknown_parameter"),
        ["generation: moderation with dall-e-3"] = ("images/generations", Json("""{"model":"dall-e-3","prompt":"p","moderation":"low"}"""), "moderation", "unsupported_parameter"),
        ["edit: non-square dall-e-2 image"] = ("images/edits", () => Api.Form(("model", "dall-e-2"), ("prompt", "p")).WithFile("image", "wide.png", Png.Make(64, 32)), "image", "invalid_value"),
        ["edit: dall-e-2 mask of another size"] = ("images/edits", () => Api.Form(("model", "dall-e-2"), ("prompt", "p")).WithFile("image", "a.png", Png.Make(32, 32)).WithFile("mask", "m.png", EmulatorImages.CreateMask(16, 16, Rectangle.Empty)), "mask", "invalid_value"),
        ["edit: dall-e-2 with two images"] = ("images/edits", () => Api.Form(("model", "dall-e-2"), ("prompt", "p")).WithFile("image[]", "a.png", Png.OnePixel).WithFile("image[]", "b.png", Png.OnePixel), "image", "invalid_value"),
        ["edit: dall-e-2 with a JPEG"] = ("images/edits", () => Api.Form(("model", "dall-e-2"), ("prompt", "p")).WithFile("image", "a.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0], "image/jpeg"), "image", "unsupported_file_mimetype"),
        ["edit: missing image"] = ("images/edits", () => Api.Form(("model", "gpt-image-1"), ("prompt", "p")), "image", "missing_required_parameter"),
        ["edit: missing prompt"] = ("images/edits", () => Api.Form(("model", "gpt-image-1")).WithFile("image", "a.png", Png.OnePixel), "prompt", "missing_required_parameter"),
        ["edit: file without an image type"] = ("images/edits", () => Api.Form(("model", "gpt-image-1"), ("prompt", "p")).WithFile("image", "a.png", Png.OnePixel, "application/octet-stream"), "image", "unsupported_file_mimetype"),
        ["edit: bytes that are no image"] = ("images/edits", () => Api.Form(("model", "gpt-image-1"), ("prompt", "p")).WithFile("image", "a.png", Encoding.ASCII.GetBytes("not a picture")), "image", "invalid_image_file"),
        ["edit: style is not an edit parameter"] = ("images/edits", () => Api.Form(("model", "gpt-image-1"), ("prompt", "p"), ("style", "vivid")).WithFile("image", "a.png", Png.OnePixel), "style", "unknown_parameter"),
        ["edit: high input_fidelity with gpt-image-1-mini"] = ("images/edits", () => Api.Form(("model", "gpt-image-1-mini"), ("prompt", "p"), ("input_fidelity", "high")).WithFile("image", "a.png", Png.OnePixel), "input_fidelity", "invalid_value"),
        ["edit: stream as True (not true)"] = ("images/edits", () => Api.Form(("model", "gpt-image-1"), ("prompt", "p"), ("stream", "True")).WithFile("image", "a.png", Png.OnePixel), "stream", "invalid_type"),
        ["edit: JSON body for dall-e-2"] = ("images/edits", Json("""{"model":"dall-e-2","prompt":"p","images":[{"image_url":"https://example.com/a.png"}]}"""), "model", "invalid_value"),
        ["edit: dall-e-3 has no edits"] = ("images/edits", () => Api.Form(("model", "dall-e-3"), ("prompt", "p")).WithFile("image", "a.png", Png.OnePixel), "model", "invalid_value"),
        ["variation: with a GPT model"] = ("images/variations", () => Api.Form(("model", "gpt-image-1")).WithFile("image", "a.png", Png.OnePixel), "model", "invalid_value"),
        ["variation: non-square PNG"] = ("images/variations", () => Api.Form(("model", "dall-e-2")).WithFile("image", "wide.png", Png.Make(48, 32)), "image", "invalid_value"),
        ["variation: size not offered"] = ("images/variations", () => Api.Form(("model", "dall-e-2"), ("size", "1792x1024")).WithFile("image", "a.png", Png.OnePixel), "size", "invalid_value"),
        ["variation: a prompt"] = ("images/variations", () => Api.Form(("model", "dall-e-2"), ("prompt", "p")).WithFile("image", "a.png", Png.OnePixel), "prompt", "unknown_parameter"),
        ["variation: missing image"] = ("images/variations", () => Api.Form(("model", "dall-e-2"), ("n", "1")), "image", "missing_required_parameter"),
    };

    /// <summary>The cases the image model refuses past the schema: the live API types them <c>image_generation_user_error</c>.</summary>
    private static readonly HashSet<string> UserErrors =
    [
        "generation: gpt-image-2 edge not a multiple of 16",
        "generation: gpt-image-2 ratio above 3:1",
        "generation: gpt-image-2 edge above 3840",
        "generation: gpt-image-2 too few pixels",
        "generation: gpt-image-1 custom size",
        "edit: bytes that are no image",
    ];

    public static IEnumerable<object[]> CaseNames() => Transports.Cross(Cases.Keys.Select(name => new object[] { name }));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Invalid_requests_are_rejected_with_400_in_openai_error_shape_naming_the_param(TransportKind transport, string name)
    {
        (string path, Func<HttpContent> body, string param, string code) = Cases[name];
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport);

        HttpResponseMessage response = await harness.Client.PostAsync(path, body());

        JsonElement error = await response.ErrorAsync(HttpStatusCode.BadRequest, param, code);
        Assert.Equal(UserErrors.Contains(name) ? "image_generation_user_error" : "invalid_request_error", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Size_errors_say_what_is_allowed_in_the_live_wording()
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(TransportKind.InProcess);

        HttpResponseMessage dallE = await harness.Client.GenerateAsync("""{"model":"dall-e-3","prompt":"p","size":"512x512"}""");
        HttpResponseMessage gpt = await harness.Client.GenerateAsync("""{"model":"gpt-image-1","prompt":"p","size":"512x512"}""");
        HttpResponseMessage custom = await harness.Client.GenerateAsync("""{"model":"gpt-image-2","prompt":"p","size":"4096x4096"}""");

        JsonElement dallEError = await dallE.ErrorAsync(HttpStatusCode.BadRequest, "size", "invalid_value");
        JsonElement gptError = await gpt.ErrorAsync(HttpStatusCode.BadRequest, "size", "invalid_value");
        JsonElement customError = await custom.ErrorAsync(HttpStatusCode.BadRequest, "size", "invalid_value");
        Assert.Equal("Invalid value: '512x512'. Supported values are: '1024x1024', '1792x1024', and '1024x1792'.", dallEError.GetProperty("message").GetString());
        Assert.Equal("invalid_request_error", dallEError.GetProperty("type").GetString());
        Assert.Equal("Invalid size '512x512'. Supported sizes are 1024x1024, 1024x1536, 1536x1024, and auto.", gptError.GetProperty("message").GetString());
        Assert.Equal("image_generation_user_error", gptError.GetProperty("type").GetString());
        Assert.Equal("Invalid size '4096x4096'. The longest edge must be less than or equal to 3840.", customError.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Generations_need_a_json_body()
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(TransportKind.InProcess);

        HttpResponseMessage wrongType = await harness.Client.PostAsync("images/generations", Api.Form(("prompt", "p")));
        HttpResponseMessage broken = await harness.Client.GenerateAsync("""{"prompt":""");

        await wrongType.ErrorAsync(HttpStatusCode.BadRequest, null, "invalid_content_type");
        await broken.ErrorAsync(HttpStatusCode.BadRequest, null, "invalid_json");
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task Unknown_paths_are_404_in_error_shape(TransportKind transport)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport);

        HttpResponseMessage response = await harness.Client.PostAsync("images/upscales", Json("""{"prompt":"p"}""")());

        await response.ErrorAsync(HttpStatusCode.NotFound, null, null);
    }

    private static Func<HttpContent> Json(string json) => () => new StringContent(json, Encoding.UTF8, "application/json");
}
