using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using Xunit.Abstractions;

namespace OpenAIImages.ContractTests;

/// <summary>Every request shape the SDK produces goes to Prism mocking OpenAI's spec and must be accepted; invalid ones must get 422.</summary>
[Collection(PrismCollection.Name)]
public sealed class PrismContractTests(PrismFixture prism, ITestOutputHelper output)
{
    /// <summary>Fewer than these means shapes were lost from <see cref="RequestShapes"/>.</summary>
    private const int MinimumAcceptedShapes = 40;
    private const int MinimumInvalidShapes = 5;

    [Theory]
    [MemberData(nameof(RequestShapes.AcceptedNames), MemberType = typeof(RequestShapes))]
    public async Task Request_shape_is_accepted_by_Prism(string shape)
    {
        ShapeResult result = await ContractRunner.RunAcceptedAsync(prism, RequestShapes.Get(shape));
        output.WriteLine(result.Exchange?.Describe() ?? "(nothing sent)");
        Assert.True(result.Passed, result.Explain());
    }

    [Theory]
    [MemberData(nameof(RequestShapes.InvalidNames), MemberType = typeof(RequestShapes))]
    public async Task Invalid_request_is_rejected_by_Prism_with_422(string shape)
    {
        ShapeResult result = await ContractRunner.RunInvalidAsync(prism, RequestShapes.Get(shape));
        output.WriteLine(result.Exchange?.Describe() ?? "(nothing sent)");
        Assert.True(result.Passed, result.Explain());
        Assert.IsAssignableFrom<ImagesApiException>(result.Error);
        Assert.Equal(422, ((ImagesApiException)result.Error!).Status);
    }

    [Fact]
    public async Task Summary_all_request_shapes_are_accepted_and_all_invalid_requests_rejected()
    {
        var accepted = new List<ShapeResult>();
        foreach (RequestShape shape in RequestShapes.Accepted)
        {
            accepted.Add(await ContractRunner.RunAcceptedAsync(prism, shape));
        }

        var rejected = new List<ShapeResult>();
        foreach (RequestShape shape in RequestShapes.Invalid)
        {
            rejected.Add(await ContractRunner.RunInvalidAsync(prism, shape));
        }

        int acceptedCount = accepted.Count(r => r.Passed);
        int rejectedCount = rejected.Count(r => r.Passed);
        var summary = new StringBuilder();
        summary.AppendLine($"Stoplight Prism {PrismFixture.PrismVersion} at {prism.BaseAddress} (started in {prism.StartupTime.TotalSeconds:0.0} s), spec {PrismFixture.SpecPath}");
        summary.AppendLine($"Accepted: {acceptedCount} of {accepted.Count} request shapes ({Count(accepted, ImagesEndpoint.Generations)} generations, {Count(accepted, ImagesEndpoint.Edits)} edits, {Count(accepted, ImagesEndpoint.Variations)} variations; {accepted.Count(r => r.Shape.Stream)} streaming)");
        summary.AppendLine($"Rejected: {rejectedCount} of {rejected.Count} invalid requests with 422 naming the field (SDK validation off)");
        foreach (ShapeResult result in accepted.Concat(rejected))
        {
            string note = result.Shape.InvalidField is null || result.Exchange is null ? string.Empty : " -> " + ContractRunner.PrismMessages(result.Exchange.ResponseBody);
            summary.AppendLine($"  [{(result.Passed ? "ok" : "FAIL")}] {result.Status} {result.Shape.Name}{note}");
        }

        foreach (ShapeResult failure in accepted.Concat(rejected).Where(r => !r.Passed))
        {
            summary.AppendLine().AppendLine(failure.Explain());
        }

        output.WriteLine(summary.ToString());
        Assert.True(acceptedCount == accepted.Count && rejectedCount == rejected.Count, summary.ToString());
        Assert.InRange(accepted.Count, MinimumAcceptedShapes, int.MaxValue);
        Assert.InRange(rejected.Count, MinimumInvalidShapes, int.MaxValue);
    }

    [Fact]
    public async Task Prism_rejects_a_request_without_a_bearer_token_with_401()
    {
        // Proves the security check is alive: the accepted shapes passed it with the client's key.
        using var recorder = new RecordingHandler();
        using var http = new HttpClient(recorder);
        using var body = new StringContent("""{"model":"dall-e-2","prompt":"A lighthouse"}""", Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        using HttpResponseMessage response = await http.PostAsync(new Uri(prism.BaseAddress, "images/generations"), body);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Prism_serves_the_paths_without_v1()
    {
        // The spec's server is https://api.openai.com/v1, but Prism mocks the bare paths; the client is pointed there.
        using var recorder = new RecordingHandler();
        using var http = new HttpClient(recorder);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(prism.BaseAddress, "v1/images/generations"))
        {
            Content = new StringContent("""{"prompt":"A lighthouse"}""", Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ContractRunner.ApiKey);
        using HttpResponseMessage response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static int Count(IEnumerable<ShapeResult> results, ImagesEndpoint endpoint) => results.Count(r => r.Shape.Endpoint == endpoint);
}
