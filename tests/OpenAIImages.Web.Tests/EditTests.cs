using System.Drawing;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Playwright;
using OpenAIImages.Testing;
using static Microsoft.Playwright.Assertions;
using static OpenAIImages.Web.Tests.PageSteps;

namespace OpenAIImages.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class EditTests(BrowserFixture browser, WebAppFixture app)
{
    [Fact]
    public async Task An_uploaded_image_and_mask_reach_the_API_and_the_edited_image_is_shown()
    {
        byte[] room = EmulatorImages.CreatePng(512, 512);
        byte[] mask = EmulatorImages.CreateMask(512, 512, new Rectangle(128, 128, 256, 256));
        IPage page = await OpenAsync(browser.Context, app.BaseAddress);

        await page.FillAsync($"{Edit} [name=prompt]", "add a red door to the room");
        await page.SelectOptionAsync($"{Edit} [name=size]", "1024x1024");
        await page.SetInputFilesAsync($"{Edit} [name=image]", new FilePayload { Name = "room.png", MimeType = "image/png", Buffer = room });
        await page.SetInputFilesAsync($"{Edit} [name=mask]", new FilePayload { Name = "mask.png", MimeType = "image/png", Buffer = mask });
        await page.ClickAsync($"{Edit} button[type=submit]");

        Assert.Equal(new[] { 1024 }, await LoadedWidthsAsync(page, "#finals img"));
        await Expect(page.Locator("#finals .meta")).ToContainTextAsync("edit");
        await Expect(page.Locator("#gallery .image-card").Filter(new LocatorFilterOptions { HasText = "add a red door to the room" })).ToHaveCountAsync(1);

        EmulatedRequest sent = app.Emulator.Requests[^1];
        Assert.Equal("/v1/images/edits", sent.Path);
        Assert.Equal("add a red door to the room", sent.Fields["prompt"]);
        Assert.Equal(
            new[] { ("image", "room.png", (long)room.Length), ("mask", "mask.png", (long)mask.Length) },
            sent.Files.Select(f => (f.Name, f.FileName, f.Length)));
        await Screenshots.TakeAsync(page, "edit");
    }

    [Fact]
    public async Task An_edit_without_an_image_names_the_image_field_and_sends_nothing()
    {
        IPage page = await OpenAsync(browser.Context, app.BaseAddress);
        int sentBefore = app.Emulator.Requests.Count;

        await page.FillAsync($"{Edit} [name=prompt]", "an edit of nothing");
        await page.ClickAsync($"{Edit} button[type=submit]");

        await Expect(page.Locator($"{Edit} [data-error-for=image]")).ToHaveTextAsync("at least one image is required");
        await Expect(page.Locator($"{Edit} [name=image]")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal(sentBefore, app.Emulator.Requests.Count);
        await Screenshots.TakeAsync(page, "edit-validation");
    }
}
