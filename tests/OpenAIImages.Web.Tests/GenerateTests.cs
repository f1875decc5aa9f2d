using System.Linq;
using System.Threading.Tasks;
using Microsoft.Playwright;
using OpenAIImages.Testing;
using static Microsoft.Playwright.Assertions;
using static OpenAIImages.Web.Tests.PageSteps;

namespace OpenAIImages.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class GenerateTests(BrowserFixture browser, WebAppFixture app)
{
    [Fact]
    public async Task The_page_says_it_runs_on_the_emulator_when_no_API_key_is_set()
    {
        IPage page = await OpenAsync(browser.Context, app.BaseAddress);

        await Expect(page.Locator("#backend")).ToHaveTextAsync("Offline: no OPENAI_API_KEY is set, so images come from the built-in emulator (no network, no cost).");
        await Screenshots.TakeAsync(page, "home");
    }

    [Fact]
    public async Task A_prompt_streams_its_partial_images_into_the_page_then_the_final_image_with_its_usage()
    {
        IPage page = await OpenAsync(browser.Context, app.BaseAddress);

        await SubmitPromptAsync(page, "a lighthouse at dusk, streamed", partialImages: 2);

        await Expect(page.Locator("#finals img")).ToHaveCountAsync(1);
        Assert.Equal(new[] { 1024, 1024 }, await LoadedWidthsAsync(page, "#partials img"));
        Assert.Equal(new[] { 1024 }, await LoadedWidthsAsync(page, "#finals img"));
        Assert.Equal(
            ["Request sent to gpt-image-2", "Partial image 1 received", "Partial image 2 received", "Final image received"],
            await page.Locator("#progress li").AllTextContentsAsync());
        ILocator final = page.Locator("#finals .image-card");
        await Expect(final.Locator(".prompt")).ToHaveTextAsync("a lighthouse at dusk, streamed");
        await Expect(final.Locator(".meta")).ToContainTextAsync("gpt-image-2");
        await Expect(final.Locator(".meta")).ToContainTextAsync("1024x1024");
        await Expect(final.Locator(".meta")).ToContainTextAsync("1056 out");

        EmulatedRequest sent = app.Emulator.Requests[^1];
        Assert.Equal("/v1/images/generations", sent.Path);
        Assert.Equal("true", sent.Fields["stream"]);
        Assert.Equal("2", sent.Fields["partial_images"]);
        await Screenshots.TakeAsync(page, "generate-streamed");
    }

    [Fact]
    public async Task Dall_e_3_is_answered_once_with_its_revised_prompt()
    {
        IPage page = await OpenAsync(browser.Context, app.BaseAddress);

        await SubmitPromptAsync(page, "a red fox in snow", model: "dall-e-3", size: "1024x1024");

        Assert.Equal(new[] { 1024 }, await LoadedWidthsAsync(page, "#finals img"));
        await Expect(page.Locator("#partials img")).ToHaveCountAsync(0);
        await Expect(page.Locator("#finals .revised")).ToHaveTextAsync("Revised prompt: a red fox in snow, rendered as a smooth two-colour gradient");
        await Expect(page.Locator("#finals .meta")).ToContainTextAsync("req_");
        Assert.False(app.Emulator.Requests[^1].Fields.ContainsKey("stream"));
    }

    [Fact]
    public async Task Dall_e_3_with_two_images_shows_every_field_error_next_to_its_field_and_sends_nothing()
    {
        IPage page = await OpenAsync(browser.Context, app.BaseAddress);
        int sentBefore = app.Emulator.Requests.Count;

        await SubmitPromptAsync(page, "two foxes", model: "dall-e-3", quality: "low", n: 2);

        await Expect(page.Locator($"{Generate} [data-error-for=n]")).ToHaveTextAsync("n 2 is out of range; dall-e-3 creates exactly 1 image per request");
        await Expect(page.Locator($"{Generate} [data-error-for=quality]")).ToHaveTextAsync("quality 'low' is not supported by dall-e-3; supported: standard, hd");
        await Expect(page.Locator($"{Generate} [data-form-error]")).ToHaveTextAsync("The request was not sent: 2 fields need a change.");
        await Expect(page.Locator($"{Generate} [name=n]")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator($"{Generate} [data-error-for=size]")).ToBeEmptyAsync();
        Assert.Equal(sentBefore, app.Emulator.Requests.Count);
        await Screenshots.TakeAsync(page, "generate-validation");
    }

    [Fact]
    public async Task A_content_policy_refusal_reads_as_a_message_above_the_form()
    {
        IPage page = await OpenAsync(browser.Context, app.BaseAddress);
        app.Emulator.FailNext(1, EmulatedFault.ContentPolicy());

        await SubmitPromptAsync(page, "something the policy refuses");

        ILocator message = page.Locator($"{Generate} [data-form-error]");
        await Expect(message).ToContainTextAsync("The content policy refused this request:");
        await Expect(message).ToContainTextAsync("Change the prompt or the image and try again.");
        await Screenshots.TakeAsync(page, "generate-content-policy");
    }

    [Fact]
    public async Task A_rate_limit_says_when_to_try_again()
    {
        IPage page = await OpenAsync(browser.Context, app.BaseAddress);
        int sentBefore = app.Emulator.Requests.Count;

        // Longer than the SDK's MaxServerDelay (60 s), so it does not wait and retry but reports the wait at once.
        app.Emulator.FailNext(1, EmulatedFault.RateLimited(System.TimeSpan.FromMinutes(2)));
        await SubmitPromptAsync(page, "one image too many");

        await Expect(page.Locator($"{Generate} [data-form-error]")).ToHaveTextAsync("The Images API is rate-limiting this account; try again in 120 seconds.");
        Assert.Equal(sentBefore + 1, app.Emulator.Requests.Count);
        await Screenshots.TakeAsync(page, "generate-rate-limit");
    }

    [Fact]
    public async Task The_gallery_keeps_what_was_made_with_its_metadata_across_page_loads()
    {
        IPage page = await OpenAsync(browser.Context, app.BaseAddress);
        await SubmitPromptAsync(page, "a teal teapot for the gallery", quality: "high");
        await Expect(page.Locator("#finals img")).ToHaveCountAsync(1);

        await page.ReloadAsync();

        ILocator card = page.Locator("#gallery .image-card").Filter(new LocatorFilterOptions { HasText = "a teal teapot for the gallery" });
        await Expect(card).ToHaveCountAsync(1);
        await Expect(card.Locator(".meta")).ToContainTextAsync("high");
        await Expect(card.Locator(".meta")).ToContainTextAsync("generation");
        string id = await card.GetAttributeAsync("data-id") ?? string.Empty;
        Assert.Equal(new[] { 1024 }, await LoadedWidthsAsync(page, $"#gallery .image-card[data-id='{id}'] img"));
        await Screenshots.TakeAsync(page, "gallery");
    }
}
