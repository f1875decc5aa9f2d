using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using OpenAIImages.Testing.Tests.Support;

namespace OpenAIImages.Testing.Tests;

/// <summary>The emulator's Azure mode on the wire: Azure's paths, api-version, api-key, deployments, answers and errors.</summary>
public sealed class AzureModeTests
{
    private const string AccessDenied =
        "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.";

    private const string DeploymentPath = "openai/deployments/gpt-image-1/images/generations?api-version=2024-10-21";

    private static ImagesEmulatorOptions Azure(string? key = "azure-key") => new() { Azure = true, ApiKey = key };

    /// <summary>An Azure-mode emulator over the chosen transport, and a client with no credentials at the resource endpoint.</summary>
    private static async Task<(ImagesEmulator Emulator, HttpClient Http, EmulatorServer? Server)> StartAsync(TransportKind transport, ImagesEmulatorOptions options)
    {
        var emulator = new ImagesEmulator(options);
        if (transport == TransportKind.Kestrel)
        {
            EmulatorServer server = await emulator.StartServerAsync();
            Assert.Matches(@"^http://127\.0\.0\.1:\d+/$", server.BaseAddress.AbsoluteUri);
            return (emulator, new HttpClient { BaseAddress = server.BaseAddress }, server);
        }

        return (emulator, new HttpClient(emulator.CreateHandler()) { BaseAddress = new Uri("https://my-resource.openai.azure.com/") }, null);
    }

    private static HttpRequestMessage Post(string path, string json, string? apiKey = "azure-key", string? bearer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (apiKey is not null)
        {
            request.Headers.Add("api-key", apiKey);
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        return request;
    }

    private static async Task<JsonElement> AzureErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code, string message)
    {
        Assert.Equal(status, response.StatusCode);
        using JsonDocument document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement error = document.RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(message, error.GetProperty("message").GetString());
        return error.Clone();
    }

    /// <summary>Asserts a 400 in OpenAI's shape, which Azure passes on from the model, with Azure's request id.</summary>
    private static async Task<JsonElement> ModelErrorAsync(HttpResponseMessage response, string param, string code)
    {
        JsonElement error = (await response.JsonAsync(HttpStatusCode.BadRequest)).GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.True(response.Headers.Contains("apim-request-id"));
        return error;
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task The_deployment_form_answers_with_filter_results_on_each_image_and_azure_request_ids(TransportKind transport)
    {
        (ImagesEmulator emulator, HttpClient http, EmulatorServer? server) = await StartAsync(transport, Azure());
        await using (server)
        using (http)
        {
            HttpResponseMessage response = await http.SendAsync(Post(DeploymentPath, "{\"prompt\":\"a fox\",\"n\":2,\"size\":\"1024x1024\"}"));

            JsonElement body = await response.JsonAsync();
            Assert.All(Api.Items(body), item =>
            {
                Assert.Equal(
                    "{\"hate\":{\"filtered\":false,\"severity\":\"safe\"},\"self_harm\":{\"filtered\":false,\"severity\":\"safe\"},\"sexual\":{\"filtered\":false,\"severity\":\"safe\"},\"violence\":{\"filtered\":false,\"severity\":\"safe\"}}",
                    item.GetProperty("content_filter_results").GetRawText());
                Assert.Equal(
                    "{\"detected\":false,\"filtered\":false}",
                    item.GetProperty("prompt_filter_results").GetProperty("profanity").GetRawText());
            });
            Assert.Equal(2, Api.Items(body).Count);
            string id = Assert.Single(response.Headers.GetValues("apim-request-id"));
            Assert.True(Guid.TryParse(id, out _));
            Assert.Equal(id, Assert.Single(response.Headers.GetValues("x-ms-request-id")));
            Assert.False(response.Headers.Contains("x-request-id"));
            Assert.Equal("***", Assert.Single(emulator.Requests).Headers["api-key"]);
        }
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task A_deployment_path_without_api_version_is_not_found_as_on_azure(TransportKind transport)
    {
        (_, HttpClient http, EmulatorServer? server) = await StartAsync(transport, Azure());
        await using (server)
        using (http)
        {
            HttpResponseMessage response = await http.SendAsync(Post("openai/deployments/gpt-image-1/images/generations", "{\"prompt\":\"x\"}"));

            await AzureErrorAsync(response, HttpStatusCode.NotFound, "404", "Resource not found");
        }
    }

    [Fact]
    public async Task A_missing_or_wrong_key_is_answered_with_azures_401()
    {
        (_, HttpClient http, _) = await StartAsync(TransportKind.InProcess, Azure());
        using (http)
        {
            await AzureErrorAsync(await http.SendAsync(Post(DeploymentPath, "{\"prompt\":\"x\"}", apiKey: null)), HttpStatusCode.Unauthorized, "401", AccessDenied);
            await AzureErrorAsync(await http.SendAsync(Post(DeploymentPath, "{\"prompt\":\"x\"}", apiKey: "wrong-key")), HttpStatusCode.Unauthorized, "401", AccessDenied);
            await AzureErrorAsync(await http.SendAsync(Post(DeploymentPath, "{\"prompt\":\"x\"}", apiKey: null, bearer: " ")), HttpStatusCode.Unauthorized, "401", AccessDenied);
        }
    }

    [Fact]
    public async Task An_entra_id_bearer_token_is_accepted_instead_of_a_key()
    {
        (ImagesEmulator emulator, HttpClient http, _) = await StartAsync(TransportKind.InProcess, Azure());
        using (http)
        {
            HttpResponseMessage response = await http.SendAsync(Post(DeploymentPath, "{\"prompt\":\"x\"}", apiKey: null, bearer: "eyJ0eXAiOiJKV1QifQ.token"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Bearer ***", Assert.Single(emulator.Requests).Headers["Authorization"]);
        }
    }

    [Fact]
    public async Task The_v1_form_takes_the_deployment_from_model_and_a_registered_deployment_serves_its_model()
    {
        (_, HttpClient http, _) = await StartAsync(TransportKind.InProcess, Azure().AddDeployment("art", "dall-e-3"));
        using (http)
        {
            // dall-e-3 makes one image at a time, and revises the prompt: the deployment's model answered.
            HttpResponseMessage two = await http.SendAsync(Post("openai/v1/images/generations", "{\"model\":\"art\",\"prompt\":\"x\",\"n\":2}"));
            HttpResponseMessage one = await http.SendAsync(Post("openai/v1/images/generations", "{\"model\":\"art\",\"prompt\":\"x\",\"response_format\":\"b64_json\"}"));

            await ModelErrorAsync(two, "n", "invalid_value");
            JsonElement item = Assert.Single(Api.Items(await one.JsonAsync()));
            Assert.StartsWith("x, rendered", item.GetProperty("revised_prompt").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_deployment_is_deployment_not_found_and_the_v1_form_needs_a_model()
    {
        (_, HttpClient http, _) = await StartAsync(TransportKind.InProcess, Azure());
        using (http)
        {
            HttpResponseMessage unknown = await http.SendAsync(Post("openai/deployments/nowhere/images/generations?api-version=2024-10-21", "{\"prompt\":\"x\"}"));
            HttpResponseMessage noModel = await http.SendAsync(Post("openai/v1/images/generations", "{\"prompt\":\"x\"}"));

            await AzureErrorAsync(
                unknown,
                HttpStatusCode.NotFound,
                "DeploymentNotFound",
                "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.");
            await ModelErrorAsync(noModel, "model", "missing_required_parameter");
        }
    }

    [Fact]
    public async Task Openai_paths_are_not_served_in_azure_mode_nor_azure_paths_in_openai_mode()
    {
        (_, HttpClient azure, _) = await StartAsync(TransportKind.InProcess, Azure());
        using var openai = new HttpClient(new ImagesEmulator().CreateHandler()) { BaseAddress = new Uri("http://localhost/") };
        using (azure)
        {
            await AzureErrorAsync(await azure.SendAsync(Post("v1/images/generations", "{\"prompt\":\"x\"}")), HttpStatusCode.NotFound, "404", "Resource not found");
            HttpResponseMessage fromOpenAi = await openai.SendAsync(Post(DeploymentPath, "{\"prompt\":\"x\"}", apiKey: null, bearer: "sk-test"));
            Assert.Equal(HttpStatusCode.NotFound, fromOpenAi.StatusCode);
        }
    }

    [Fact]
    public async Task Webp_output_is_refused_on_azure_and_served_by_openai()
    {
        (_, HttpClient azure, _) = await StartAsync(TransportKind.InProcess, Azure());
        using var openai = new HttpClient(new ImagesEmulator().CreateHandler()) { BaseAddress = new Uri("http://localhost/v1/") };
        openai.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "sk-test");
        using (azure)
        {
            HttpResponseMessage refused = await azure.SendAsync(Post(DeploymentPath, "{\"prompt\":\"x\",\"output_format\":\"webp\"}"));
            HttpResponseMessage jpeg = await azure.SendAsync(Post(DeploymentPath, "{\"prompt\":\"x\",\"output_format\":\"jpeg\"}"));

            JsonElement error = await ModelErrorAsync(refused, "output_format", "invalid_value");
            Assert.Equal("Invalid value: 'webp'. Supported values are: 'png' and 'jpeg'.", error.GetProperty("message").GetString());
            Assert.Equal(HttpStatusCode.OK, jpeg.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await openai.GenerateAsync("{\"model\":\"gpt-image-1\",\"prompt\":\"x\",\"output_format\":\"webp\"}")).StatusCode);
        }
    }

    [Fact]
    public async Task A_scripted_content_filter_refusal_carries_its_verdict_in_inner_error()
    {
        var emulator = new ImagesEmulator(Azure());
        using var http = new HttpClient(emulator.CreateHandler()) { BaseAddress = new Uri("https://my-resource.openai.azure.com/") };
        emulator.FailNext(1, EmulatedFault.ContentFilter("sexual", "medium"));

        HttpResponseMessage refused = await http.SendAsync(Post(DeploymentPath, "{\"prompt\":\"x\"}"));
        HttpResponseMessage next = await http.SendAsync(Post(DeploymentPath, "{\"prompt\":\"x\"}"));

        JsonElement error = await AzureErrorAsync(refused, HttpStatusCode.BadRequest, "contentFilter", "Your task failed as a result of our safety system. (emulated)");
        Assert.Equal("prompt", error.GetProperty("param").GetString());
        JsonElement inner = error.GetProperty("inner_error");
        Assert.Equal("ResponsibleAIPolicyViolation", inner.GetProperty("code").GetString());
        JsonElement results = inner.GetProperty("content_filter_results");
        Assert.Equal(["hate", "jailbreak", "self_harm", "sexual", "violence"], results.EnumerateObject().Select(p => p.Name));
        Assert.Equal("{\"filtered\":true,\"severity\":\"medium\"}", results.GetProperty("sexual").GetRawText());
        Assert.Equal("{\"detected\":false,\"filtered\":false}", results.GetProperty("jailbreak").GetRawText());
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public void A_deployment_must_name_a_known_model_and_be_a_plain_name()
    {
        var options = new ImagesEmulatorOptions();

        Assert.Throws<ArgumentException>(() => options.AddDeployment("d", "gpt-image-9"));
        Assert.Throws<ArgumentException>(() => options.AddDeployment("a/b", "gpt-image-1"));
        Assert.Equal("my-model", options.AddModel("my-model", "gpt-image-1").AddDeployment("d", "my-model").Deployments["d"]);
    }
}
