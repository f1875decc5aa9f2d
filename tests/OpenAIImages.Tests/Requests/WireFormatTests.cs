using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using OpenAIImages.Tests.Support;

// The captures from OpenAI's Node SDK send the deprecated user field, so these tests set it.
#pragma warning disable CS0618

namespace OpenAIImages.Tests.Requests;

/// <summary>Our requests against the byte-exact captures of OpenAI's Node SDK (ReferenceRequests/).</summary>
public sealed class WireFormatTests
{
    private readonly RecordingApi _api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());

    public static TheoryData<string, ImageGenerationOptions> Generations => new()
    {
        {
            "generate.txt",
            new ImageGenerationOptions("A cute baby sea otter")
            {
                Model = ImageModel.GptImage15, N = 1, Size = ImageSize.Square1024, Quality = ImageQuality.High,
                Background = ImageBackground.Transparent, OutputFormat = ImageOutputFormat.Webp, OutputCompression = 80,
                Moderation = ImageModeration.Low, User = "user-1234",
            }
        },
        {
            "generate-dall-e-2.txt",
            new ImageGenerationOptions("A serene landscape")
            {
                Model = ImageModel.DallE2, N = 2, Size = ImageSize.Square512, ResponseFormat = ImageResponseFormat.Base64Json,
            }
        },
        {
            "generate-dall-e-3.txt",
            new ImageGenerationOptions("A futuristic city with flying cars")
            {
                Model = ImageModel.DallE3, N = 1, Size = ImageSize.Square1024, Quality = ImageQuality.Standard,
                Style = ImageStyle.Vivid, ResponseFormat = ImageResponseFormat.Url, User = "user-123",
            }
        },
        {
            "generate-gpt-image-1.txt",
            new ImageGenerationOptions("A watercolor fox")
            {
                Model = ImageModel.GptImage1, N = 1, Size = ImageSize.Landscape1536x1024, Quality = ImageQuality.High,
                Background = ImageBackground.Transparent, OutputFormat = ImageOutputFormat.Webp, OutputCompression = 80,
                Moderation = ImageModeration.Low,
            }
        },
        { "generate-timeout.txt", new ImageGenerationOptions("Per-request timeout") { Model = ImageModel.GptImage15 } },
    };

    [Theory]
    [MemberData(nameof(Generations))]
    public async Task Generation_json_body_is_byte_for_byte_what_the_official_sdk_sends(string capture, ImageGenerationOptions options)
    {
        ReferenceRequest reference = ReferenceRequest.Load(capture);

        await _api.Client().GenerateAsync(options);

        SentRequest sent = _api.Single;
        Assert.Equal(Encoding.UTF8.GetString(reference.Body), sent.BodyText);
        Assert.Equal(reference.Body, sent.Body);
        Assert.Equal("application/json", sent.Header("Content-Type"));
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("https://api.test/v1/images/generations", sent.Uri.AbsoluteUri);
    }

    public static TheoryData<string, Func<ImagesClient, Task>> Multiparts => new()
    {
        {
            "edit.txt",
            client => client.EditAsync(new ImageEditOptions(ImageInput.FromBytes(TestImages.ReferencePng, "image.png"), "Add a red hat")
            {
                Model = ImageModel.GptImage15, Mask = ImageInput.FromBytes(TestImages.ReferencePng, "mask.png"), N = 1,
                Size = ImageSize.Square1024, Quality = ImageQuality.High, InputFidelity = ImageInputFidelity.High,
                OutputFormat = ImageOutputFormat.Png, Background = ImageBackground.Auto, User = "user-1234",
            })
        },
        {
            "edit-dall-e-2.txt",
            client => client.EditAsync(new ImageEditOptions(ImageInput.FromBytes(TestImages.ReferencePng, "original.png"), "Add a red hat")
            {
                Model = ImageModel.DallE2, Mask = ImageInput.FromBytes(TestImages.ReferencePng, "mask.png"), N = 1,
                Size = ImageSize.Square1024, ResponseFormat = ImageResponseFormat.Url,
            })
        },
        {
            "variation.txt",
            client => client.CreateVariationAsync(new ImageVariationOptions(ImageInput.FromBytes(TestImages.ReferencePng, "image.png"))
            {
                Model = ImageModel.DallE2, N = 2, Size = ImageSize.Square256, ResponseFormat = ImageResponseFormat.Base64Json, User = "user-1234",
            })
        },
        {
            "variation-dall-e-2.txt",
            client => client.CreateVariationAsync(new ImageVariationOptions(ImageInput.FromBytes(TestImages.ReferencePng, "original.png"))
            {
                Model = ImageModel.DallE2, N = 3, Size = ImageSize.Square1024, ResponseFormat = ImageResponseFormat.Url,
            })
        },
    };

    [Theory]
    [MemberData(nameof(Multiparts))]
    public async Task Multipart_body_is_byte_for_byte_what_the_official_sdk_sends_apart_from_the_boundary(string capture, Func<ImagesClient, Task> call)
    {
        ReferenceRequest reference = ReferenceRequest.Load(capture);

        await call(_api.Client());

        SentRequest sent = _api.Single;
        Assert.StartsWith("multipart/form-data; boundary=", sent.Header("Content-Type"));
        byte[] ours = Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(sent.Body).Replace(sent.Boundary!, reference.Boundary!, StringComparison.Ordinal));
        Assert.Equal(Encoding.Latin1.GetString(reference.Body), Encoding.Latin1.GetString(ours));
        Assert.Equal(sent.Body.Length, sent.ContentLength);
    }

    [Fact]
    public async Task A_single_image_edit_has_the_same_parts_as_the_official_sdks_retried_edit()
    {
        ReferenceRequest reference = ReferenceRequest.Load("edit-retry-attempt0.txt");

        await _api.Client().EditAsync(new ImageEditOptions(ImageInput.FromBytes(TestImages.ReferencePng, "image.png"), "Retried edit") { Model = ImageModel.GptImage15 });

        var expected = FormPart.Parse(reference.Body, reference.Boundary!).Select(p => p.Key).Order();
        Assert.Equal(expected, _api.Single.Parts.Select(p => p.Key).Order());
        Assert.Equal(_api.Single.Body.Length, _api.Single.ContentLength);
    }

    [Fact]
    public async Task Several_images_go_as_image_array_parts_like_the_official_sdk()
    {
        ReferenceRequest reference = ReferenceRequest.Load("edit-gpt-image-1-multi.txt");
        var options = new ImageEditOptions([ImageInput.FromBytes(TestImages.ReferencePng, "a.png"), ImageInput.FromBytes(TestImages.ReferencePng, "b.png")], "Combine them")
        {
            Model = ImageModel.GptImage1, InputFidelity = ImageInputFidelity.High, Quality = ImageQuality.Medium,
            Size = ImageSize.Square1024, OutputFormat = ImageOutputFormat.Png,
        };

        await _api.Client().EditAsync(options);

        // The Node SDK sends parts in the caller's key order; we send a fixed order, so compare the parts as a set.
        var expected = FormPart.Parse(reference.Body, reference.Boundary!).Select(p => p.Key).Order();
        var actual = _api.Single.Parts.Select(p => p.Key).Order();
        Assert.Equal(expected, actual);
        Assert.Equal(["a.png", "b.png"], _api.Single.Parts.Where(p => p.Name == "image[]").Select(p => p.FileName));
    }

    [Fact]
    public async Task Headers_carry_the_key_json_accept_and_our_own_user_agent_but_no_stainless_telemetry()
    {
        await _api.Client(o =>
        {
            o.Organization = "org-1";
            o.Project = "proj-1";
            o.UserAgentSuffix = "MyApp/2.0";
        }).GenerateAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2 });

        SentRequest sent = _api.Single;
        Assert.Equal("Bearer " + RecordingApi.ApiKey, sent.Header("Authorization"));
        Assert.Equal("application/json", sent.Header("Accept"));
        Assert.Equal("org-1", sent.Header("OpenAI-Organization"));
        Assert.Equal("proj-1", sent.Header("OpenAI-Project"));
        Assert.StartsWith("OpenAIImages/", sent.Header("User-Agent"));
        Assert.EndsWith("MyApp/2.0", sent.Header("User-Agent"));
        Assert.DoesNotContain(sent.Headers.Keys, k => k.StartsWith("x-stainless", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Unset_fields_are_left_out_and_the_default_model_fills_a_missing_model()
    {
        await _api.Client(o => o.DefaultModel = ImageModel.GptImage2).GenerateAsync(new ImageGenerationOptions("a lighthouse"));

        Assert.Equal("{\"model\":\"gpt-image-2\",\"prompt\":\"a lighthouse\"}", _api.Single.BodyText);
    }

    [Fact]
    public async Task Without_any_model_the_sdks_default_is_sent_never_the_servers()
    {
        await _api.Client().GenerateAsync(new ImageGenerationOptions("a lighthouse"));
        await _api.Client().EditAsync(new ImageEditOptions(ImageInput.FromBytes(TestImages.ReferencePng, "image.png"), "a lighthouse"));
        await _api.Client().CreateVariationAsync(new ImageVariationOptions(ImageInput.FromBytes(TestImages.Png(64, 64), "image.png")));
        await _api.Client(o => o.DefaultModel = ImageModel.GptImage26Sunburst).GenerateAsync(new ImageGenerationOptions("a lighthouse"));

        Assert.Equal("{\"model\":\"gpt-image-2\",\"prompt\":\"a lighthouse\"}", _api.Sent[0].BodyText);
        Assert.Contains(_api.Sent[1].Parts, p => p.Name == "model" && p.Text == "gpt-image-2");
        Assert.Contains(_api.Sent[2].Parts, p => p.Name == "model" && p.Text == "dall-e-2");
        Assert.StartsWith("{\"model\":\"gpt-image-2.6-sunburst\"", _api.Sent[3].BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prompts_keep_their_unicode_text_and_escape_quotes()
    {
        await _api.Client().GenerateAsync(new ImageGenerationOptions("Café \"Ünïcode\" 🐙") { Model = ImageModel.GptImage2 });

        // Text in the basic plane goes as UTF-8, as the Node SDK sends it; System.Text.Json escapes characters beyond it
        // (\uD83D\uDC19), which is the same JSON string.
        Assert.StartsWith("{\"model\":\"gpt-image-2\",\"prompt\":\"Café \\\"Ünïcode\\\" ", _api.Single.BodyText);
        using var json = System.Text.Json.JsonDocument.Parse(_api.Single.Body);
        Assert.Equal("Café \"Ünïcode\" 🐙", json.RootElement.GetProperty("prompt").GetString());
    }

    [Fact]
    public async Task A_value_the_sdk_does_not_know_yet_is_sent_as_given()
    {
        await _api.Client().GenerateAsync(new ImageGenerationOptions("x") { Model = "gpt-image-9", Quality = "ultra", Size = "4096x4096" });

        Assert.Equal("{\"model\":\"gpt-image-9\",\"prompt\":\"x\",\"size\":\"4096x4096\",\"quality\":\"ultra\"}", _api.Single.BodyText);
    }

    [Fact]
    public async Task A_base_address_without_a_trailing_slash_still_keeps_its_path()
    {
        await _api.Client(o => o.BaseAddress = new Uri("https://proxy.test/openai/v1")).GenerateAsync(new ImageGenerationOptions("x"));

        Assert.Equal("https://proxy.test/openai/v1/images/generations", _api.Single.Uri.AbsoluteUri);
    }
}
