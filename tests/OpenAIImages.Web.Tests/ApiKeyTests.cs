using System;
using System.Collections.Generic;
using System.Drawing;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenAIImages.Testing;
using static Microsoft.Playwright.Assertions;
using static OpenAIImages.Web.Tests.PageSteps;

namespace OpenAIImages.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class ApiKeyTests(BrowserFixture browser)
{
    private const string Secret = "sk-proj-websample0123456789abcdefSECRET";

    [Fact]
    public async Task The_API_key_is_in_no_page_event_stream_or_JSON_the_app_sends()
    {
        // The emulator accepts only this key, so every image that comes back proves the key was sent upstream.
        var emulator = new ImagesEmulator(new ImagesEmulatorOptions { ApiKey = Secret });
        (WebApplication app, Uri address) = await WebAppFixture.StartAsync(
            new Dictionary<string, string?> { ["OpenAIImages:ApiKey"] = Secret, ["Sample:UseEmulator"] = "true" },
            services => services.AddSingleton(emulator));
        await using (app)
        {
            // Every answer passes through this route on its way to the page, so the test reads exactly what the browser
            // got (Chromium does not keep the body of a streamed fetch to hand back later). The event stream then
            // arrives whole rather than event by event, which this test does not look at.
            var received = new List<(string Url, byte[] Body)>();
            IPage page = await browser.Context.NewPageAsync();
            await page.RouteAsync("**/*", async route =>
            {
                IAPIResponse response = await route.FetchAsync();
                byte[] body = await response.BodyAsync();
                lock (received)
                {
                    received.Add((route.Request.Url, body));
                }

                await route.FulfillAsync(new RouteFulfillOptions { Response = response, BodyBytes = body });
            });
            await page.GotoAsync(address.ToString());
            await Expect(page.Locator("#backend")).ToHaveTextAsync("Offline: Sample:UseEmulator is true, so images come from the built-in emulator (no network, no cost).");

            await SubmitPromptAsync(page, "a streamed image with a key");
            await Expect(page.Locator("#finals img")).ToHaveCountAsync(1);
            await LoadedWidthsAsync(page, "#finals img");
            await SubmitPromptAsync(page, "two at once", model: "dall-e-3", n: 2);
            await Expect(page.Locator($"{Generate} [data-error-for=n]")).Not.ToBeEmptyAsync();
            emulator.FailNext(1, EmulatedFault.ContentPolicy());
            await SubmitPromptAsync(page, "refused");
            await Expect(page.Locator($"{Generate} [data-form-error]")).ToContainTextAsync("content policy");
            await page.SetInputFilesAsync($"{Edit} [name=image]", new FilePayload { Name = "in.png", MimeType = "image/png", Buffer = EmulatorImages.CreatePng(256, 256) });
            await page.ClickAsync($"{Edit} button[type=submit]");
            await Expect(page.Locator("#finals .meta")).ToContainTextAsync("edit");
            await LoadedWidthsAsync(page, "#gallery img");

            Assert.True(emulator.Requests.Count >= 3, "the emulator should have answered the generation, the refusal and the edit");
            Assert.DoesNotContain(Secret, await page.ContentAsync(), StringComparison.Ordinal);
            (string Url, byte[] Body)[] answers;
            lock (received)
            {
                answers = [.. received];
            }

            foreach ((string url, byte[] body) in answers)
            {
                Assert.False(Contains(body, Secret), $"{url} carried the API key to the browser.");
            }

            string[] seen = [.. answers.Select(r => new Uri(r.Url).AbsolutePath).Distinct()];
            Assert.Superset(new HashSet<string> { "/", "/app.js", "/site.css", "/api/status", "/api/gallery", "/api/generations", "/api/edits" }, new HashSet<string>(seen));

            // The raw event stream, as any client reads it.
            using HttpClient client = WebAppFixture.PageClient(address);
            using var request = new StringContent("""{"prompt":"raw stream","model":"gpt-image-2","partial_images":1}""", Encoding.UTF8, "application/json");
            string stream = await (await client.PostAsync("api/generations", request)).Content.ReadAsStringAsync();
            Assert.Contains("event: partial", stream, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, stream, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, await client.GetStringAsync("api/gallery"), StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, await client.GetStringAsync("api/status"), StringComparison.Ordinal);
            await page.CloseAsync();
        }
    }

    private static bool Contains(byte[] body, string text) =>
        body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
