using Xunit;

namespace OpenAIImages.Readme.Tests.Support;

/// <summary>Tests that change the process's environment variables or current directory; they run alone, one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessStateCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Process state";
}
