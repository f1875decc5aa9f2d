using System;
using System.Threading.Tasks;

namespace OpenAIImages.Cli.Output;

/// <summary>What shows a call's progress on stderr (a spinner, lines, or nothing); the SDK reports the call's phases to it, and disposing it ends the display.</summary>
internal abstract class CallProgress : IAsyncDisposable, IProgress<ImageCallProgress>
{
    public abstract ValueTask DisposeAsync();

    public virtual void Report(ImageCallProgress value)
    {
    }
}
