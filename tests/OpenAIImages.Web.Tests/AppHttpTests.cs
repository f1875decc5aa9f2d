using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace OpenAIImages.Web.Tests;

/// <summary>The app's endpoints as any HTTP client sees them: what the page relies on, and what another site cannot do.</summary>
[Collection(WebCollection.Name)]
public sealed class AppHttpTests(WebAppFixture app)
{
    [Theory]
    [InlineData("api/generations", "application/json", """{"prompt":"a fox"}""")]
    [InlineData("api/edits", "application/x-www-form-urlencoded", "prompt=a+fox")]
    public async Task A_post_without_the_page_header_is_refused_and_sends_nothing(string path, string contentType, string body)
    {
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        int sentBefore = app.Emulator.Requests.Count;

        using HttpResponseMessage response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, contentType));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Calls from other pages are refused: send the X-Images-Sample header.", await MessageAsync(response));
        Assert.Equal(sentBefore, app.Emulator.Requests.Count);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_a_400_with_a_message()
    {
        using HttpClient client = WebAppFixture.PageClient(app.BaseAddress);

        using HttpResponseMessage response = await client.PostAsync("api/generations", new StringContent("prompt=a fox", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Send the prompt form as a JSON object.", await MessageAsync(response));
    }

    [Fact]
    public async Task A_gallery_image_is_served_as_the_type_its_bytes_say_and_may_not_run_scripts()
    {
        using HttpClient client = WebAppFixture.PageClient(app.BaseAddress);
        using HttpResponseMessage stream = await client.PostAsync("api/generations", new StringContent("""{"prompt":"served","model":"dall-e-2","size":"256x256"}""", Encoding.UTF8, "application/json"));
        string events = await stream.Content.ReadAsStringAsync();
        string url = EventStream.Parse(events).Single(e => e.Type == "completed").Data.GetProperty("url").GetString()!;

        using HttpResponseMessage image = await client.GetAsync(url.TrimStart('/'));

        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", image.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("sandbox", image.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        byte[] bytes = await image.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes.Take(4));
    }

    private static async Task<string?> MessageAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString();
}
