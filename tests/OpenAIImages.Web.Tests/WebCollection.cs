namespace OpenAIImages.Web.Tests;

/// <summary>The browser tests: one Chromium and one app for all of them, run one at a time (they share the emulator's fault queue).</summary>
[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<BrowserFixture>, ICollectionFixture<WebAppFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Web sample in Chromium";
}
