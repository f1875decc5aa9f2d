using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenAIImages.Testing;
using static Microsoft.Playwright.Assertions;
using static OpenAIImages.Web.Tests.PageSteps;

namespace OpenAIImages.Web.Tests;

/// <summary>The phases of the calls that do not stream (edits, DALL·E generations): as events on the wire, then as lines on the page.</summary>
[Collection(WebCollection.Name)]
public sealed partial class ProgressTests(BrowserFixture browser, WebAppFixture app)
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public async Task An_edit_answers_its_upload_the_wait_and_the_reading_as_events_then_the_image()
    {
        using HttpClient client = WebAppFixture.PageClient(app.BaseAddress);
        byte[] png = EmulatorImages.CreatePng(512, 512);

        using HttpResponseMessage response = await client.PostAsync("api/edits", EditForm(new ZeroPaddedContent(png, 20 * MiB)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        IReadOnlyList<(string Type, JsonElement Data)> events = EventStream.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["sending", "waiting_for_service", "reading"], Phases(events));
        Assert.Equal("completed", events[^1].Type);
        Assert.Equal("edit", events[^1].Data.GetProperty("operation").GetString());

        // The upload from 0 to its whole length, a figure at most every percent rather than one per block written.
        long[] sent = [.. events.Where(e => Phase(e) == "sending").Select(e => e.Data.GetProperty("bytes_sent").GetInt64())];
        long total = events.First(e => Phase(e) == "sending").Data.GetProperty("total_bytes").GetInt64();
        Assert.Equal(0, sent[0]);
        Assert.Equal(total, sent[^1]);
        Assert.True(total > 20 * MiB, $"The upload's length {total} is not the edit's multipart body.");
        Assert.Equal(sent.Order(), sent);
        Assert.InRange(sent.Length, 3, 102);
    }

    [Fact]
    public async Task A_dall_e_generation_answers_its_phases_before_its_image()
    {
        using HttpClient client = WebAppFixture.PageClient(app.BaseAddress);
        using var form = new StringContent("""{"prompt":"a red fox","model":"dall-e-2","size":"256x256"}""", Encoding.UTF8, "application/json");

        using HttpResponseMessage response = await client.PostAsync("api/generations", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        IReadOnlyList<(string Type, JsonElement Data)> events = EventStream.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["sending", "waiting_for_service", "reading"], Phases(events));
        Assert.Equal(["progress", "completed"], events.Select(e => e.Type).Distinct());
        Assert.Equal("completed", events[^1].Type);
    }

    [Fact]
    public async Task An_edit_the_service_refuses_after_the_upload_ends_its_events_with_the_error()
    {
        using HttpClient client = WebAppFixture.PageClient(app.BaseAddress);
        app.Emulator.FailNext(1, EmulatedFault.ContentPolicy());

        using HttpResponseMessage response = await client.PostAsync("api/edits", EditForm(Png(EmulatorImages.CreatePng(256, 256))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        IReadOnlyList<(string Type, JsonElement Data)> events = EventStream.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["sending", "waiting_for_service"], Phases(events));
        Assert.Equal("error", events[^1].Type);
        Assert.Equal("content_policy", events[^1].Data.GetProperty("kind").GetString());
        Assert.DoesNotContain(events, e => e.Type == "completed");
    }

    [Fact]
    public async Task An_edit_refused_before_it_is_sent_is_still_a_JSON_error_with_its_status()
    {
        using HttpClient client = WebAppFixture.PageClient(app.BaseAddress);
        int sentBefore = app.Emulator.Requests.Count;
        using MultipartFormDataContent form = EditForm(Png(EmulatorImages.CreatePng(256, 256)));
        form.Add(new StringContent("7x7"), "size");

        using HttpResponseMessage response = await client.PostAsync("api/edits", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        JsonElement error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("size", error.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal(sentBefore, app.Emulator.Requests.Count);
    }

    [Fact]
    public async Task The_page_shows_an_edits_phases_in_order_and_marks_the_one_under_way()
    {
        var gate = new ServiceGate();
        (WebApplication held, Uri address) = await WebAppFixture.StartAsync(
            configure: services => services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler(gate.CreateHandler)));
        await using (held)
        {
            IPage page = await OpenAsync(browser.Context, address);
            await FillEditAsync(page, "add a window");

            // The service is still at work: the upload is done, and the wait is the phase under way.
            await Expect(page.Locator("#progress [aria-current]")).ToHaveTextAsync("Waiting for the service…");
            await Expect(page.Locator($"{Edit} button[type=submit]")).ToBeDisabledAsync();
            IReadOnlyList<string> waiting = await page.Locator("#progress li").AllTextContentsAsync();
            Assert.Equal(3, waiting.Count);
            Assert.Equal("Edit sent to gpt-image-2", waiting[0]);
            Assert.Matches(Uploading(), waiting[1]);
            await Screenshots.TakeAsync(page, "edit-progress-waiting");

            gate.Open();

            await Expect(page.Locator("#finals img")).ToHaveCountAsync(1);
            IReadOnlyList<string> lines = await page.Locator("#progress li").AllTextContentsAsync();
            Assert.Equal(["Edit sent to gpt-image-2", waiting[1], "Waiting for the service…", "Reading the answer", "Final image received"], lines);
            await Expect(page.Locator("#progress [aria-current]")).ToHaveCountAsync(0);
            await Expect(page.Locator($"{Edit} button[type=submit]")).ToBeEnabledAsync();
            await Screenshots.TakeAsync(page, "edit-progress-done");
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task The_page_shows_how_long_an_edit_waits_for_the_apps_own_rate_limit_then_the_rest()
    {
        var clock = new WatchedClock();
        (WebApplication limited, Uri address) = await WebAppFixture.StartAsync(
            new Dictionary<string, string?>
            {
                ["OpenAIImages:RateLimits:ImagesPerMinute:gpt-image-2"] = "1",
                ["OpenAIImages:RateLimits:MaxWait"] = "00:05:00",
            },
            services => services.PostConfigureAll<ImagesClientOptions>(options => options.TimeProvider = clock));
        await using (limited)
        {
            IPage page = await OpenAsync(browser.Context, address);
            await FillEditAsync(page, "the one edit this minute");
            await Expect(page.Locator("#finals img")).ToHaveCountAsync(1);

            await FillEditAsync(page, "one more, after a wait");

            await Expect(page.Locator("#progress [aria-current]")).ToHaveTextAsync(RateLimitWait());
            await Screenshots.TakeAsync(page, "edit-progress-rate-limit");
            await clock.WaitStarted.WaitAsync(TimeSpan.FromMinutes(1));
            clock.Advance(TimeSpan.FromMinutes(1));

            await Expect(page.Locator("#finals img")).ToHaveCountAsync(1);
            await Expect(page.Locator("#finals .prompt")).ToHaveTextAsync("one more, after a wait");
            IReadOnlyList<string> lines = await page.Locator("#progress li").AllTextContentsAsync();
            Assert.Equal(6, lines.Count);
            Assert.Equal("Edit sent to gpt-image-2", lines[0]);
            Assert.Matches(RateLimitWait(), lines[1]);
            Assert.Matches(Uploading(), lines[2]);
            Assert.Equal(["Waiting for the service…", "Reading the answer", "Final image received"], lines.Skip(3));
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task The_page_shows_a_dall_e_generations_phases_before_its_image()
    {
        IPage page = await OpenAsync(browser.Context, app.BaseAddress);

        await SubmitPromptAsync(page, "a red fox, phase by phase", model: "dall-e-2", size: "256x256");

        await Expect(page.Locator("#finals img")).ToHaveCountAsync(1);
        IReadOnlyList<string> lines = await page.Locator("#progress li").AllTextContentsAsync();
        Assert.Equal(5, lines.Count);
        Assert.Equal("Request sent to dall-e-2", lines[0]);
        Assert.Matches(Uploading(), lines[1]);
        Assert.Equal(["Waiting for the service…", "Reading the answer", "Final image received"], lines.Skip(2));
        await page.CloseAsync();
    }

    [Fact]
    public async Task An_edit_that_fails_after_its_upload_shows_the_error_and_its_progress_ends()
    {
        IPage page = await OpenAsync(browser.Context, app.BaseAddress);
        app.Emulator.FailNext(1, EmulatedFault.ContentPolicy());

        await FillEditAsync(page, "a door the policy refuses");

        await Expect(page.Locator($"{Edit} [data-form-error]")).ToContainTextAsync("The content policy refused this request");
        await Expect(page.Locator("#progress li").Last).ToHaveTextAsync("The call failed");
        await Expect(page.Locator("#progress li").Nth(2)).ToHaveTextAsync("Waiting for the service…");
        await Expect(page.Locator("#progress [aria-current]")).ToHaveCountAsync(0);
        await Expect(page.Locator("#finals img")).ToHaveCountAsync(0);
        await Expect(page.Locator($"{Edit} button[type=submit]")).ToHaveTextAsync("Edit");
        await Screenshots.TakeAsync(page, "edit-progress-failed");
        await page.CloseAsync();
    }

    private static async Task FillEditAsync(IPage page, string prompt)
    {
        await page.FillAsync($"{Edit} [name=prompt]", prompt);
        await page.SelectOptionAsync($"{Edit} [name=size]", "1024x1024");
        await page.SetInputFilesAsync($"{Edit} [name=image]", new FilePayload { Name = "room.png", MimeType = "image/png", Buffer = EmulatorImages.CreatePng(512, 512) });
        await page.ClickAsync($"{Edit} button[type=submit]");
    }

    private static string? Phase((string Type, JsonElement Data) e) => e.Type == "progress" ? e.Data.GetProperty("phase").GetString() : null;

    // The phases in the order they came, each once however many reports it had.
    private static List<string> Phases(IReadOnlyList<(string Type, JsonElement Data)> events)
    {
        var phases = new List<string>();
        foreach (string phase in events.Select(Phase).OfType<string>())
        {
            if (phases.Count == 0 || phases[^1] != phase)
            {
                phases.Add(phase);
            }
        }

        return phases;
    }

    private static MultipartFormDataContent EditForm(HttpContent image) => new()
    {
        { new StringContent("add a red door"), "prompt" },
        { image, "image", "room.png" },
    };

    private static ByteArrayContent Png(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return content;
    }

    [GeneratedRegex(@"^Waiting for this app's rate limit: \d+ s$")]
    private static partial Regex RateLimitWait();

    [GeneratedRegex(@"^Uploading \d+\.\d (KB|MB) of \d+\.\d (KB|MB)$")]
    private static partial Regex Uploading();
}
