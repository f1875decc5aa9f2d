using System;
using System.IO;

namespace OpenAIImages.Readme.Tests.Support;

/// <summary>Finds the repository root: the nearest folder above the test binaries that holds ImagesClient.sln.</summary>
internal static class Repository
{
    private static readonly Lazy<string> LazyRoot = new(Find);

    /// <summary>Gets the repository root.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>Gets this test project's source folder.</summary>
    public static string ProjectFolder => Path.Combine(Root, "tests", "OpenAIImages.Readme.Tests");

    private static string Find()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ImagesClient.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds ImagesClient.sln.");
    }
}
