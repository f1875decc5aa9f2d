using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Playwright;

namespace OpenAIImages.Web.Tests;

/// <summary>Keeps a full-page screenshot of what a test saw, as an artifact in <c>screenshots/</c> of the test output folder.</summary>
internal static class Screenshots
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static async Task<string> TakeAsync(IPage page, string name)
    {
        string path = Path.Combine(Folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
