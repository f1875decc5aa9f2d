using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static OpenAIImages.Web.Tests.PageSteps;

namespace OpenAIImages.Web.Tests;

/// <summary>Apps of their own for what the shared one must not be set up for: a tight client-side limit, a stream that breaks.</summary>
[Collection(WebCollection.Name)]
public sealed partial class RateLimitAndStreamTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_apps_own_rate_limit_says_when_to_try_again_instead_of_waiting()
    {
        (WebApplication app, Uri address) = await WebAppFixture.StartAsync(new Dictionary<string, string?>
        {
            ["OpenAIImages:RateLimits:ImagesPerMinute:gpt-image-2"] = "1",
            ["OpenAIImages:RateLimits:MaxWait"] = "00:00:01",
        });
        await using (app)
        {
            IPage page = await OpenAsync(browser.Context, address);
            await SubmitPromptAsync(page, "the one image this minute");
            await Expect(page.Locator("#finals img")).ToHaveCountAsync(1);

            await SubmitPromptAsync(page, "one more");

            await Expect(page.Locator($"{Generate} [data-form-error]")).ToHaveTextAsync(TryAgain());
            await Screenshots.TakeAsync(page, "generate-client-rate-limit");
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task A_stream_that_breaks_off_keeps_what_arrived_and_says_it_broke()
    {
        (WebApplication app, Uri address) = await WebAppFixture.StartAsync(
            configure: services => services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler(() => new BreakingStreamHandler())));
        await using (app)
        {
            IPage page = await OpenAsync(browser.Context, address);

            await SubmitPromptAsync(page, "a stream cut short", partialImages: 2);

            await Expect(page.Locator("#progress li").Last).ToHaveTextAsync("The stream broke off");
            Assert.Equal(new[] { 1024 }, await LoadedWidthsAsync(page, "#partials img"));
            await Expect(page.Locator("#finals img")).ToHaveCountAsync(0);
            await Expect(page.Locator($"{Generate} [data-form-error]")).ToContainTextAsync("The event stream ended before the completed image arrived");
            await Screenshots.TakeAsync(page, "generate-stream-broke");
            await page.CloseAsync();
        }
    }

    [GeneratedRegex(@"^This app's own limit of images per minute for gpt-image-2 is used up; try again in \d+ seconds\.$")]
    private static partial Regex TryAgain();
}
