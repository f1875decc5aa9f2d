using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using OpenAIImages.Testing;

namespace OpenAIImages.ContractTests;

/// <summary>The official openai-node SDK calls every endpoint of the emulator and reads what comes back as it reads OpenAI's answers.</summary>
[Collection(NodeClientCollection.Name)]
public sealed class NodeClientTests(NodeClientFixture node)
{
    [Fact]
    public void The_requests_come_from_the_pinned_openai_node_with_its_user_agent()
    {
        Assert.Equal(NodeClientFixture.OpenAINodeVersion, node.Output.GetProperty("openai").GetString());
        Assert.Equal(8, node.Requests.Count);
        Assert.All(node.Requests, r => Assert.Equal($"OpenAI/JS {NodeClientFixture.OpenAINodeVersion}", r.Headers["User-Agent"]));
    }

    [Fact]
    public void Generation_as_b64_json_gives_two_pngs_of_the_requested_size_with_usage()
    {
        JsonElement result = node.Output.GetProperty("generate_b64");

        Assert.Equal(2, result.GetProperty("count").GetInt32());
        Assert.Equal(["1024x1536", "1024x1536"], Sizes(result.GetProperty("sizes")));
        Assert.Equal("png", result.GetProperty("output_format").GetString());
        Assert.True(result.GetProperty("usage").GetBoolean());
        Assert.Equal("/v1/images/generations", Request(0).Path);
        Assert.Equal("2", Request(0).Fields["n"]);
    }

    [Fact]
    public void Generation_as_url_gives_an_emulator_url_whose_download_is_the_png()
    {
        JsonElement result = node.Output.GetProperty("generate_url");

        Assert.Equal(1, result.GetProperty("count").GetInt32());
        Assert.True(result.GetProperty("local").GetBoolean());
        JsonElement download = Assert.Single(result.GetProperty("downloads").EnumerateArray());
        Assert.Equal(200, download.GetProperty("status").GetInt32());
        Assert.Equal("256x256", Size(download.GetProperty("size")));
        Assert.Equal("url", Request(1).Fields["response_format"]);
    }

    [Fact]
    public void Edit_with_one_image_sends_it_as_the_image_part()
    {
        JsonElement result = node.Output.GetProperty("edit_one");

        Assert.Equal(["1024x1024"], Sizes(result.GetProperty("sizes")));
        Assert.Equal(["image: one.png (image/png)"], Parts(Request(2)));
    }

    [Fact]
    public void Edit_with_several_images_sends_image_array_parts_in_order()
    {
        JsonElement result = node.Output.GetProperty("edit_several");

        Assert.Equal(["1536x1024"], Sizes(result.GetProperty("sizes")));
        Assert.Equal(["image[]: first.png (image/png)", "image[]: second.png (image/png)", "image[]: third.png (image/png)"], Parts(Request(3)));
    }

    [Fact]
    public void Edit_with_a_mask_sends_the_image_and_the_mask_and_gives_the_requested_size()
    {
        JsonElement result = node.Output.GetProperty("edit_mask");

        Assert.Equal(["512x512"], Sizes(result.GetProperty("sizes")));
        Assert.Equal(["image: square.png (image/png)", "mask: mask.png (image/png)"], Parts(Request(4)));
        Assert.Equal("dall-e-2", Request(4).Fields["model"]);
    }

    [Fact]
    public void Variation_gives_two_square_pngs()
    {
        JsonElement result = node.Output.GetProperty("variation");

        Assert.Equal(["256x256", "256x256"], Sizes(result.GetProperty("sizes")));
        Assert.Equal("/v1/images/variations", Request(5).Path);
    }

    [Fact]
    public void Streamed_generation_is_read_by_the_sdk_as_two_partial_images_then_the_completed_one()
    {
        JsonElement[] events = node.Output.GetProperty("generate_stream").EnumerateArray().ToArray();

        Assert.Equal(
            ["image_generation.partial_image 0", "image_generation.partial_image 1", "image_generation.completed"],
            events.Select(Describe));
        Assert.All(events, e => Assert.Equal("1024x1024", Size(e.GetProperty("size"))));
        Assert.Equal("true", Request(6).Fields["stream"]);
        Assert.Equal("2", Request(6).Fields["partial_images"]);
    }

    [Fact]
    public void Streamed_edit_is_read_by_the_sdk_as_a_partial_image_then_the_completed_one()
    {
        JsonElement[] events = node.Output.GetProperty("edit_stream").EnumerateArray().ToArray();

        Assert.Equal(["image_edit.partial_image 0", "image_edit.completed"], events.Select(Describe));
        Assert.All(events, e => Assert.Equal("1024x1024", Size(e.GetProperty("size"))));
        Assert.Equal("/v1/images/edits", Request(7).Path);
        Assert.Equal("true", Request(7).Fields["stream"]);
    }

    private static string Describe(JsonElement e) =>
        e.GetProperty("index").ValueKind == JsonValueKind.Null
            ? e.GetProperty("type").GetString()!
            : $"{e.GetProperty("type").GetString()} {e.GetProperty("index").GetInt32()}";

    // A PNG size as WxH; anything else the script reports (a string saying what the bytes were) fails the comparison with that text.
    private static string Size(JsonElement size) =>
        size.ValueKind == JsonValueKind.Array ? $"{size[0].GetInt32()}x{size[1].GetInt32()}" : size.ToString();

    private static IEnumerable<string> Sizes(JsonElement sizes) => sizes.EnumerateArray().Select(Size);

    private static IEnumerable<string> Parts(EmulatedRequest request) => request.Files.Select(f => $"{f.Name}: {f.FileName} ({f.ContentType})");

    private EmulatedRequest Request(int index)
    {
        Assert.True(node.Requests.Count > index, $"The emulator received {node.Requests.Count} requests.");
        return node.Requests[index];
    }
}
