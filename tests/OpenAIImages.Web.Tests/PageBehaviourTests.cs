using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static OpenAIImages.Web.Tests.PageSteps;

namespace OpenAIImages.Web.Tests;

/// <summary>The page on a phone, field errors once the value is fixed, and a gallery that shows only what the app still has.</summary>
[Collection(WebCollection.Name)]
public sealed class PageBehaviourTests(BrowserFixture browser, WebAppFixture app)
{
    [Fact]
    public async Task On_a_phone_the_result_scrolls_into_view_when_it_appears()
    {
        IPage page = await browser.Context.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync(app.BaseAddress.ToString());
        await Expect(page.Locator("#backend")).Not.ToHaveTextAsync("Connecting…");

        await SubmitPromptAsync(page, "a lighthouse on a phone", partialImages: 1);

        await Expect(page.Locator("#finals img")).ToHaveCountAsync(1);
        await Expect(page.Locator("#result h2")).ToBeInViewportAsync();
        await Expect(page.Locator("#partials img")).ToBeInViewportAsync();
        await Expect(page.Locator("#finals img")).ToBeInViewportAsync();
        await Expect(page.Locator($"{Generate} button[type=submit]")).Not.ToBeInViewportAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = System.IO.Path.Combine(Screenshots.Folder, "phone-result.png") });
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_page_streams_edits_and_shows_its_gallery_within_its_content_security_policy()
    {
        IPage page = await browser.Context.NewPageAsync();
        await page.AddInitScriptAsync("window.violations = []; document.addEventListener('securitypolicyviolation', e => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));");
        await page.GotoAsync(app.BaseAddress.ToString());
        await Expect(page.Locator("#backend")).Not.ToHaveTextAsync("Connecting…");

        await SubmitPromptAsync(page, "under the policy", partialImages: 2);
        await Expect(page.Locator("#finals img")).ToHaveCountAsync(1);
        Assert.Equal(new[] { 1024, 1024 }, await LoadedWidthsAsync(page, "#partials img"));
        await page.SetInputFilesAsync($"{Edit} [name=image]", new FilePayload { Name = "in.png", MimeType = "image/png", Buffer = OpenAIImages.Testing.EmulatorImages.CreatePng(256, 256) });
        await page.ClickAsync($"{Edit} button[type=submit]");
        await Expect(page.Locator("#finals .meta")).ToContainTextAsync("edit");
        await LoadedWidthsAsync(page, "#gallery img");

        Assert.Empty(await page.EvaluateAsync<string[]>("window.violations"));
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_field_error_goes_once_its_value_is_changed_and_the_summary_with_the_last_one()
    {
        IPage page = await OpenAsync(browser.Context, app.BaseAddress);
        await SubmitPromptAsync(page, "two foxes", model: "dall-e-3", quality: "low", n: 2);
        await Expect(page.Locator($"{Generate} [data-error-for=n]")).Not.ToBeEmptyAsync();
        await Expect(page.Locator($"{Generate} [data-error-for=quality]")).Not.ToBeEmptyAsync();

        await page.FillAsync($"{Generate} [name=n]", "1");

        await Expect(page.Locator($"{Generate} [data-error-for=n]")).ToBeEmptyAsync();
        await Expect(page.Locator($"{Generate} [name=n]")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator($"{Generate} [data-error-for=quality]")).ToHaveTextAsync("quality 'low' is not supported by dall-e-3; supported: standard, hd");
        await Expect(page.Locator($"{Generate} [data-form-error]")).ToBeVisibleAsync();

        await page.SelectOptionAsync($"{Generate} [name=quality]", "hd");

        await Expect(page.Locator($"{Generate} [data-error-for=quality]")).ToBeEmptyAsync();
        await Expect(page.Locator($"{Generate} [data-form-error]")).ToBeHiddenAsync();
        await page.ClickAsync($"{Generate} button[type=submit]");
        await Expect(page.Locator("#finals img")).ToHaveCountAsync(1);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_new_model_clears_the_errors_the_old_one_gave()
    {
        IPage page = await OpenAsync(browser.Context, app.BaseAddress);
        await SubmitPromptAsync(page, "two foxes", model: "dall-e-3", quality: "low", n: 2);
        await Expect(page.Locator($"{Generate} [data-error-for=n]")).Not.ToBeEmptyAsync();

        await page.SelectOptionAsync($"{Generate} [name=model]", "gpt-image-2");

        await Expect(page.Locator($"{Generate} [data-error-for=n]")).ToBeEmptyAsync();
        await Expect(page.Locator($"{Generate} [data-error-for=quality]")).ToBeEmptyAsync();
        await Expect(page.Locator($"{Generate} [data-form-error]")).ToBeHiddenAsync();
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_image_fields_error_goes_once_a_file_is_chosen()
    {
        IPage page = await OpenAsync(browser.Context, app.BaseAddress);
        await page.FillAsync($"{Edit} [name=prompt]", "an edit of nothing yet");
        await page.ClickAsync($"{Edit} button[type=submit]");
        await Expect(page.Locator($"{Edit} [data-error-for=image]")).ToHaveTextAsync("at least one image is required");

        await page.SetInputFilesAsync($"{Edit} [name=image]", new FilePayload { Name = "room.png", MimeType = "image/png", Buffer = OpenAIImages.Testing.EmulatorImages.CreatePng(256, 256) });

        await Expect(page.Locator($"{Edit} [data-error-for=image]")).ToBeEmptyAsync();
        await Expect(page.Locator($"{Edit} [name=image]")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator($"{Edit} [data-form-error]")).ToBeHiddenAsync();
        await page.CloseAsync();
    }

    [Fact]
    public async Task An_image_of_50_MB_is_named_beside_its_field_before_it_is_uploaded()
    {
        string file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"openaiimages-web-huge-{Guid.NewGuid():N}.png");
        using (var stream = System.IO.File.Create(file))
        {
            stream.Write(OpenAIImages.Testing.EmulatorImages.CreatePng(64, 64));
            stream.SetLength(50L * 1024 * 1024);
        }

        try
        {
            IPage page = await OpenAsync(browser.Context, app.BaseAddress);
            int sentBefore = app.Emulator.Requests.Count;
            var posted = new List<string>();
            page.Request += (_, request) =>
            {
                if (request.Method == "POST")
                {
                    posted.Add(request.Url);
                }
            };

            await page.SetInputFilesAsync($"{Edit} [name=image]", file);
            await page.ClickAsync($"{Edit} button[type=submit]");

            await Expect(page.Locator($"{Edit} [data-error-for=image]")).ToHaveTextAsync("image is 50 MB or more; this app takes files smaller than 50 MB");
            await Expect(page.Locator($"{Edit} [data-form-error]")).ToHaveTextAsync("The request was not sent: one field needs a change.");
            Assert.Empty(posted);
            Assert.Equal(sentBefore, app.Emulator.Requests.Count);
            await page.CloseAsync();
        }
        finally
        {
            System.IO.File.Delete(file);
        }
    }

    [Fact]
    public async Task The_gallery_keeps_no_more_bytes_than_its_budget_and_always_the_newest_image()
    {
        (WebApplication own, Uri address) = await WebAppFixture.StartAsync(new Dictionary<string, string?> { ["Sample:GalleryMaxMegabytes"] = "1" });
        await using (own)
        {
            using HttpClient client = WebAppFixture.PageClient(address);
            for (int i = 0; i < 3; i++)
            {
                using HttpResponseMessage made = await client.PostAsync("api/generations", new StringContent($$"""{"prompt":"ten at once {{i}}","model":"dall-e-2","size":"1024x1024","n":10}""", Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.OK, made.StatusCode);
                await made.Content.ReadAsStringAsync();
            }

            JsonElement[] kept = [.. JsonDocument.Parse(await client.GetStringAsync("api/gallery")).RootElement.EnumerateArray()];
            Assert.InRange(kept.Sum(e => e.GetProperty("bytes").GetInt64()), 1, 1024 * 1024);
            Assert.InRange(kept.Length, 1, 29);
            Assert.Equal("ten at once 2", kept[0].GetProperty("prompt").GetString());
        }
    }

    [Fact]
    public async Task The_gallery_drops_the_cards_of_images_the_app_no_longer_keeps()
    {
        (WebApplication own, Uri address) = await WebAppFixture.StartAsync(new Dictionary<string, string?> { ["Sample:GalleryCapacity"] = "2" });
        await using (own)
        {
            IPage page = await OpenAsync(browser.Context, address);
            for (int i = 1; i <= 3; i++)
            {
                await SubmitPromptAsync(page, $"image {i} of three", model: "dall-e-2", size: "256x256");
                await Expect(page.Locator("#finals .prompt")).ToHaveTextAsync($"image {i} of three");
            }

            // Another tab (here, a plain client) adds one more, which pushes out one the page shows.
            using HttpClient client = WebAppFixture.PageClient(address);
            using HttpResponseMessage other = await client.PostAsync("api/generations", new StringContent("""{"prompt":"from another tab","model":"dall-e-2","size":"256x256"}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
            await SubmitPromptAsync(page, "image 4 of three", model: "dall-e-2", size: "256x256");
            await Expect(page.Locator("#finals .prompt")).ToHaveTextAsync("image 4 of three");

            await Expect(page.Locator("#gallery .image-card .prompt")).ToHaveTextAsync(["image 4 of three", "from another tab"]);
            string[] kept = [.. JsonDocument.Parse(await client.GetStringAsync("api/gallery")).RootElement.EnumerateArray().Select(e => e.GetProperty("url").GetString()!)];
            string[] shown = [.. (await page.Locator("#gallery .image-card img").EvaluateAllAsync<string[]>("images => images.map(i => new URL(i.src).pathname)"))];
            Assert.Equal(kept, shown);
            foreach (string url in shown)
            {
                using HttpResponseMessage image = await client.GetAsync(url.TrimStart('/'));
                Assert.Equal(HttpStatusCode.OK, image.StatusCode);
            }

            Assert.Equal(new[] { 256, 256 }, await LoadedWidthsAsync(page, "#gallery img"));
            await Screenshots.TakeAsync(page, "gallery-evicted");
            await page.CloseAsync();
        }
    }
}
