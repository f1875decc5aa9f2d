using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using OpenAIImages.Batches;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Costs;

/// <summary>Batch lines priced at the Batch API's half prices, by the model the submitting client remembers.</summary>
public sealed class BatchCostTests : IDisposable
{
    private const string BatchJson = "{\"id\":\"batch_1\",\"object\":\"batch\",\"endpoint\":\"/v1/images/generations\",\"input_file_id\":\"file-in\",\"status\":\"validating\",\"created_at\":1700000000,\"request_counts\":{\"total\":2,\"completed\":0,\"failed\":0}}";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "openaiimages-batchcost-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Lines_of_a_batch_this_client_submitted_are_priced_from_usage_at_half_price()
    {
        // A gpt-image-1 line: 22 text tokens x $5/1M = $0.00011 and 2112 output tokens x $40/1M = $0.08448: $0.08459
        // at standard prices, $0.042295 at the Batch API's half. A failed line has no cost.
        ImagesBatchClient client = Client(Output(
            Line("a", "{\"created\":1,\"data\":[{\"b64_json\":\"" + Png + "\"}],\"usage\":{\"input_tokens\":22,\"input_tokens_details\":{\"text_tokens\":22,\"image_tokens\":0},\"output_tokens\":2112,\"total_tokens\":2134}}"),
            "{\"custom_id\":\"b\",\"response\":{\"status_code\":400,\"body\":{\"error\":{\"message\":\"no\",\"type\":\"invalid_request_error\"}}}}"));

        ImagesBatch batch = await client.SubmitAsync([Request("a", ImageModel.GptImage1), Request("b", ImageModel.GptImage1)]);
        List<ImagesBatchLineResult> lines = await client.ReadResultsAsync(Completed(batch.Id), _folder).ToListAsync();

        Assert.Equal(0.042295m, lines.Single(l => l.CustomId == "a").Cost!.Amount);
        Assert.Equal(ImageCostBasis.Usage, lines.Single(l => l.CustomId == "a").Cost!.Basis);
        Assert.Null(lines.Single(l => l.CustomId == "b").Cost);
    }

    [Fact]
    public async Task DallE_lines_are_priced_from_the_table_at_half_price()
    {
        // dall-e-3 1024x1024 hd: $0.08, half: $0.04.
        ImagesBatchClient client = Client(Output(Line("a", "{\"created\":1,\"data\":[{\"b64_json\":\"" + Png + "\"}]}")));

        ImagesBatch batch = await client.SubmitAsync([ImagesBatchRequest.ForGeneration("a", new ImageGenerationOptions("x") { Model = ImageModel.DallE3, Quality = ImageQuality.Hd })]);
        List<ImagesBatchLineResult> lines = await client.ReadResultsAsync(Completed(batch.Id), _folder).ToListAsync();

        Assert.Equal(0.04m, Assert.Single(lines).Cost!.Amount);
    }

    [Fact]
    public async Task Lines_of_a_batch_of_mixed_models_or_submitted_elsewhere_have_no_cost()
    {
        string usage = "{\"created\":1,\"data\":[{\"b64_json\":\"" + Png + "\"}],\"usage\":{\"input_tokens\":1,\"output_tokens\":1,\"total_tokens\":2}}";
        ImagesBatchClient mixed = Client(Output(Line("a", usage)));
        ImagesBatch batch = await mixed.SubmitAsync([Request("a", ImageModel.GptImage1), Request("b", ImageModel.GptImage2)]);
        Assert.Null(Assert.Single(await mixed.ReadResultsAsync(Completed(batch.Id), _folder).ToListAsync()).Cost);

        ImagesBatchClient other = Client(Output(Line("a", usage)));
        Assert.Null(Assert.Single(await other.ReadResultsAsync(Completed("batch_elsewhere"), _folder).ToListAsync()).Cost);
    }

    private static string Png => Convert.ToBase64String(TestImages.ReferencePng);

    private static ImagesBatchRequest Request(string id, ImageModel model) => ImagesBatchRequest.ForGeneration(id, new ImageGenerationOptions("x") { Model = model });

    private static string Line(string id, string body) => "{\"custom_id\":\"" + id + "\",\"response\":{\"status_code\":200,\"request_id\":\"req\",\"body\":" + body + "}}";

    private static string Output(params string[] lines) => string.Join("\n", lines) + "\n";

    private static ImagesBatch Completed(string id) =>
        new(id, "completed", "/v1/images/generations", "file-in", "file-out", null, new ImagesBatchRequestCounts(2, 2, 0), null, null);

    private static ImagesBatchClient Client(string output)
    {
        var api = new RecordingApi().Answer(sent => sent.Uri.AbsolutePath switch
        {
            "/v1/files" => RecordingApi.Json("{\"id\":\"file-in\"}"),
            "/v1/batches" => RecordingApi.Json(BatchJson),
            _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(output)) },
        });
        return new ImagesBatchClient(api.Handler.ToHttpClient(), RecordingApi.Options(o => o.TimeProvider = new FakeTimeProvider(CostEstimateTests.WhileServed)));
    }
}
