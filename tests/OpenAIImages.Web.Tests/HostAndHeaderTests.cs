using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;

namespace OpenAIImages.Web.Tests;

/// <summary>What the app answers to another site: a host name that is not this machine's, a frame, a referrer.</summary>
[Collection(WebCollection.Name)]
public sealed class HostAndHeaderTests(WebAppFixture app)
{
    [Theory]
    [InlineData("GET", "api/status")]
    [InlineData("GET", "")]
    [InlineData("POST", "api/generations")]
    public async Task A_request_for_another_sites_host_name_is_refused_and_sends_nothing(string method, string path)
    {
        // A page of evil.example whose name now resolves to 127.0.0.1 (DNS rebinding) sends its own name as the Host.
        using HttpClient client = WebAppFixture.PageClient(app.BaseAddress);
        int sentBefore = app.Emulator.Requests.Count;
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "POST" ? new StringContent("""{"prompt":"spend their key"}""", Encoding.UTF8, "application/json") : null,
        };
        request.Headers.Host = "evil.example:" + app.BaseAddress.Port;

        using HttpResponseMessage response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(sentBefore, app.Emulator.Requests.Count);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("[::1]")]
    public async Task A_request_for_this_machines_names_is_answered(string host)
    {
        using HttpClient client = WebAppFixture.PageClient(app.BaseAddress);
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/status");
        request.Headers.Host = host + ":" + app.BaseAddress.Port;

        using HttpResponseMessage response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("emulator", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_AllowedHosts_the_app_still_answers_only_this_machines_names()
    {
        (WebApplication own, Uri address) = await WebAppFixture.StartAsync(new Dictionary<string, string?> { ["AllowedHosts"] = string.Empty });
        await using (own)
        {
            using var client = new HttpClient { BaseAddress = address };
            using var evil = new HttpRequestMessage(HttpMethod.Get, "api/status");
            evil.Headers.Host = "evil.example";

            using HttpResponseMessage refused = await client.SendAsync(evil);
            using HttpResponseMessage answered = await client.GetAsync("api/status");

            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        }
    }

    [Fact]
    public async Task AllowedHosts_for_a_domain_admits_that_domain_and_no_other()
    {
        (WebApplication own, Uri address) = await WebAppFixture.StartAsync(new Dictionary<string, string?> { ["AllowedHosts"] = "images.example.com" });
        await using (own)
        {
            using var client = new HttpClient { BaseAddress = address };

            Assert.Equal(HttpStatusCode.OK, await StatusForHostAsync(client, "images.example.com"));
            Assert.Equal(HttpStatusCode.BadRequest, await StatusForHostAsync(client, "evil.example"));
            Assert.Equal(HttpStatusCode.BadRequest, await StatusForHostAsync(client, "127.0.0.1"));
        }
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("GET", "app.js")]
    [InlineData("GET", "api/status")]
    [InlineData("POST", "api/edits")]
    public async Task Every_answer_forbids_framing_sniffing_and_referrers(string method, string path)
    {
        // The POST has no page header: a refusal carries the headers too.
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using HttpResponseMessage response = await client.SendAsync(request);

        string policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("img-src 'self' data: blob:", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Theory]
    [InlineData("GET", "api/nothing", HttpStatusCode.NotFound, "There is no API call /api/nothing.")]
    [InlineData("GET", "api/generations", HttpStatusCode.MethodNotAllowed, "/api/generations does not take GET.")]
    [InlineData("DELETE", "api/gallery", HttpStatusCode.MethodNotAllowed, "/api/gallery does not take DELETE.")]
    public async Task An_API_call_that_does_not_exist_is_answered_with_a_sentence(string method, string path, HttpStatusCode status, string message)
    {
        using HttpClient client = WebAppFixture.PageClient(app.BaseAddress);

        using HttpResponseMessage response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(message, System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString());
    }

    private static async Task<HttpStatusCode> StatusForHostAsync(HttpClient client, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/status");
        request.Headers.Host = host;
        using HttpResponseMessage response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
