using System;
using System.Collections.Generic;
using System.IO;

namespace OpenAIImages.Readme.Tests.Support;

/// <summary>
/// What a README snippet assumes of its process, for one test: the OPENAI_* variables pointing at an emulator and a
/// fresh current directory for the files it writes. Both are process-wide, so only tests of <see cref="ProcessStateCollection"/> use it;
/// disposing restores the variables and the directory and deletes the folder.
/// </summary>
internal sealed class SnippetScope : IDisposable
{
    private static readonly string[] Variables = ["OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID"];

    private readonly Dictionary<string, string?> _saved = [];
    private readonly string _previousDirectory;

    /// <summary>Sets OPENAI_API_KEY to <c>test</c> and OPENAI_BASE_URL to <paramref name="baseUrl"/>, clears the others, and enters a new temp folder.</summary>
    public SnippetScope(Uri baseUrl)
    {
        foreach (string name in Variables)
        {
            _saved[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, null);
        }

        Environment.SetEnvironmentVariable("OPENAI_API_KEY", "test");
        Environment.SetEnvironmentVariable("OPENAI_BASE_URL", baseUrl.AbsoluteUri);
        Folder = Directory.CreateTempSubdirectory("openaiimages-readme-").FullName;
        _previousDirectory = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(Folder);
    }

    /// <summary>Gets the snippet's current directory.</summary>
    public string Folder { get; }

    /// <summary>Gets a path inside <see cref="Folder"/>.</summary>
    public string PathOf(params string[] parts) => Path.Combine([Folder, .. parts]);

    /// <inheritdoc />
    public void Dispose()
    {
        Directory.SetCurrentDirectory(_previousDirectory);
        foreach ((string name, string? value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        Directory.Delete(Folder, recursive: true);
    }
}
