using System;
using System.Threading.Tasks;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OpenAIImages.Web.Tests;

/// <summary>What a user does on the page, one step a method.</summary>
internal static class PageSteps
{
    public const string Generate = "#generate-form";
    public const string Edit = "#edit-form";

    /// <summary>Opens the page and waits until it has said where requests go.</summary>
    public static async Task<IPage> OpenAsync(IBrowserContext browser, Uri app)
    {
        IPage page = await browser.NewPageAsync();
        await page.GotoAsync(app.ToString());
        await Expect(page.Locator("#backend")).Not.ToHaveTextAsync("Connecting…");
        return page;
    }

    public static async Task SubmitPromptAsync(IPage page, string prompt, string model = "gpt-image-2", string size = "1024x1024", string? quality = null, int n = 1, int partialImages = 2)
    {
        await page.FillAsync($"{Generate} [name=prompt]", prompt);
        await page.SelectOptionAsync($"{Generate} [name=model]", model);
        await page.SelectOptionAsync($"{Generate} [name=size]", size);
        await page.SelectOptionAsync($"{Generate} [name=quality]", quality ?? string.Empty);
        await page.FillAsync($"{Generate} [name=n]", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (await page.IsEnabledAsync($"{Generate} [name=partial_images]"))
        {
            await page.FillAsync($"{Generate} [name=partial_images]", partialImages.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await page.ClickAsync($"{Generate} button[type=submit]");
    }

    /// <summary>Waits until every image that <paramref name="selector"/> finds (at least one) has loaded, and returns their natural widths.</summary>
    public static async Task<int[]> LoadedWidthsAsync(IPage page, string selector)
    {
        await page.WaitForFunctionAsync(
            "selector => { const images = [...document.querySelectorAll(selector)]; return images.length > 0 && images.every(i => i.complete); }",
            selector);
        return await page.EvalOnSelectorAllAsync<int[]>(selector, "images => images.map(i => i.naturalWidth)");
    }
}
