using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenAIImages.Testing;
using static Microsoft.Playwright.Assertions;
using static OpenAIImages.Web.Tests.PageSteps;

namespace OpenAIImages.Web.Tests;

/// <summary>The app's own limits on the requests that spend the key, under a bounded load on 127.0.0.1.</summary>
[Collection(WebCollection.Name)]
public sealed partial class LoadTests(BrowserFixture browser)
{
    private const int Clients = 50;

    [Fact]
    public async Task Fifty_concurrent_generations_run_four_at_a_time_four_wait_the_rest_get_429_and_the_status_still_answers()
    {
        // The bound of the whole test: no request or wait outlives it.
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var gate = new UpstreamGate();
        (WebApplication app, Uri address) = await WebAppFixture.StartAsync(
            new Dictionary<string, string?>
            {
                ["Sample:Limits:ConcurrentRequests"] = "4",
                ["Sample:Limits:QueuedRequests"] = "4",
                ["Sample:Limits:RequestsPerMinutePerClient"] = "1000",
            },
            services => services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler(gate.CreateHandler)));
        await using (app)
        {
            ImagesEmulator emulator = app.Services.GetRequiredService<ImagesEmulator>();
            using HttpClient client = WebAppFixture.PageClient(address);
            int refused = 0;
            var refusedAll = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Task<(HttpStatusCode Status, string Body)>[] calls = [.. Enumerable.Range(0, Clients).Select(async i =>
            {
                using var content = new StringContent($$"""{"prompt":"load {{i}}","model":"gpt-image-2","size":"1024x1024","partial_images":1}""", Encoding.UTF8, "application/json");
                using HttpResponseMessage response = await client.PostAsync("api/generations", content, bound.Token);
                string body = await response.Content.ReadAsStringAsync(bound.Token);
                if (response.StatusCode == HttpStatusCode.TooManyRequests && Interlocked.Increment(ref refused) == Clients - 8)
                {
                    refusedAll.TrySetResult();
                }

                return (response.StatusCode, body);
            })];

            // Four upstream and held there, four in the queue, and every other one already answered.
            await gate.WaitForInFlightAsync(4, bound.Token);
            await refusedAll.Task.WaitAsync(bound.Token);
            Assert.Equal(4, gate.InFlight);
            Assert.Empty(emulator.Requests);

            using HttpResponseMessage status = await client.GetAsync("api/status", bound.Token);
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
            using HttpResponseMessage page = await client.GetAsync("/", bound.Token);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);

            gate.Open();
            (HttpStatusCode Status, string Body)[] answers = await Task.WhenAll(calls).WaitAsync(bound.Token);

            Assert.Equal(4, gate.MaxInFlight);
            Assert.Equal(8, answers.Count(a => a.Status == HttpStatusCode.OK && a.Body.Contains("event: completed", StringComparison.Ordinal)));
            (HttpStatusCode Status, string Body)[] rejected = [.. answers.Where(a => a.Status == HttpStatusCode.TooManyRequests)];
            Assert.Equal(Clients - 8, rejected.Length);
            Assert.All(rejected, r => Assert.Equal(
                "This app is busy: 4 image requests are running and 4 waiting, the most it takes at once; try again in a moment.",
                JsonDocument.Parse(r.Body).RootElement.GetProperty("message").GetString()));
            Assert.Equal(8, emulator.Requests.Count);
        }
    }

    [Fact]
    public async Task Twenty_concurrent_edits_hold_at_most_four_uploads_on_disk_and_none_once_answered()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        DirectoryInfo uploads = Directory.CreateTempSubdirectory("openaiimages-web-load-");
        try
        {
            var gate = new UpstreamGate();
            (WebApplication app, Uri address) = await WebAppFixture.StartAsync(
                new Dictionary<string, string?>
                {
                    ["Sample:UploadFolder"] = uploads.FullName,
                    ["Sample:Limits:ConcurrentRequests"] = "4",
                    ["Sample:Limits:QueuedRequests"] = "4",
                    ["Sample:Limits:RequestsPerMinutePerClient"] = "1000",
                },
                services => services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler(gate.CreateHandler)));
            await using (app)
            {
                byte[] image = EmulatorImages.CreatePng(512, 512);
                byte[] mask = EmulatorImages.CreateMask(512, 512, new System.Drawing.Rectangle(0, 0, 128, 128));
                using HttpClient client = WebAppFixture.PageClient(address);
                int refused = 0;
                var refusedAll = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Task<HttpStatusCode>[] calls = [.. Enumerable.Range(0, 20).Select(async i =>
                {
                    using var form = new MultipartFormDataContent
                    {
                        { new StringContent($"edit {i}"), "prompt" },
                        { new ByteArrayContent(image), "image", "room.png" },
                        { new ByteArrayContent(mask), "mask", "mask.png" },
                    };
                    using HttpResponseMessage response = await client.PostAsync("api/edits", form, bound.Token);
                    if (response.StatusCode == HttpStatusCode.TooManyRequests && Interlocked.Increment(ref refused) == 12)
                    {
                        refusedAll.TrySetResult();
                    }

                    return response.StatusCode;
                })];

                await gate.WaitForInFlightAsync(4, bound.Token);
                await refusedAll.Task.WaitAsync(bound.Token);

                // The four upstream have their image and mask on disk; the four waiting have not been read yet.
                Assert.Equal(8, uploads.GetFiles().Length);
                gate.Open();
                HttpStatusCode[] answers = await Task.WhenAll(calls).WaitAsync(bound.Token);

                Assert.Equal(8, answers.Count(a => a == HttpStatusCode.OK));
                Assert.Equal(12, answers.Count(a => a == HttpStatusCode.TooManyRequests));
                Assert.Equal(4, gate.MaxInFlight);
                Assert.Empty(uploads.GetFiles());
            }
        }
        finally
        {
            uploads.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_client_past_its_requests_a_minute_gets_a_429_that_says_when_to_try_again_and_sends_nothing()
    {
        (WebApplication app, Uri address) = await WebAppFixture.StartAsync(new Dictionary<string, string?> { ["Sample:Limits:RequestsPerMinutePerClient"] = "2" });
        await using (app)
        {
            ImagesEmulator emulator = app.Services.GetRequiredService<ImagesEmulator>();
            using HttpClient client = WebAppFixture.PageClient(address);
            for (int i = 0; i < 2; i++)
            {
                using HttpResponseMessage ok = await client.PostAsync("api/generations", Prompt("within the limit"));
                Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            }

            using HttpResponseMessage response = await client.PostAsync("api/generations", Prompt("one too many"));

            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            JsonElement error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("rate_limit", error.GetProperty("kind").GetString());
            Assert.Matches(PerClientMessage(), error.GetProperty("message").GetString());
            int seconds = error.GetProperty("retry_after_seconds").GetInt32();
            Assert.InRange(seconds, 1, 60);
            Assert.Equal(seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("Retry-After").Single());
            Assert.Equal(2, emulator.Requests.Count);
        }
    }

    [Fact]
    public async Task Another_sites_refused_posts_do_not_use_up_the_minute()
    {
        (WebApplication app, Uri address) = await WebAppFixture.StartAsync(new Dictionary<string, string?> { ["Sample:Limits:RequestsPerMinutePerClient"] = "1" });
        await using (app)
        {
            using var other = new HttpClient { BaseAddress = address };
            for (int i = 0; i < 3; i++)
            {
                using HttpResponseMessage refused = await other.PostAsync("api/generations", Prompt("from another site's form"));
                Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            }

            using HttpClient page = WebAppFixture.PageClient(address);
            using HttpResponseMessage response = await page.PostAsync("api/generations", Prompt("the page's own"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task The_page_shows_the_apps_own_limit_as_a_sentence_above_the_form()
    {
        (WebApplication app, Uri address) = await WebAppFixture.StartAsync(new Dictionary<string, string?> { ["Sample:Limits:RequestsPerMinutePerClient"] = "1" });
        await using (app)
        {
            IPage page = await OpenAsync(browser.Context, address);
            await SubmitPromptAsync(page, "the one image this minute", model: "dall-e-2", size: "256x256");
            await Expect(page.Locator("#finals img")).ToHaveCountAsync(1);

            await SubmitPromptAsync(page, "one more", model: "dall-e-2", size: "256x256");

            await Expect(page.Locator($"{Generate} [data-form-error]")).ToHaveTextAsync(PerClientMessage());
            await Screenshots.TakeAsync(page, "generate-app-limit");
            await page.CloseAsync();
        }
    }

    private static StringContent Prompt(string prompt) =>
        new($$"""{"prompt":"{{prompt}}","model":"dall-e-2","size":"256x256"}""", Encoding.UTF8, "application/json");

    [GeneratedRegex(@"^This app allows \d+ image requests? a minute from one address; try again in \d+ seconds?\.$")]
    private static partial Regex PerClientMessage();
}
