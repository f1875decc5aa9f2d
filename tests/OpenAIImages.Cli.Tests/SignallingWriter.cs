using System;
using System.IO;
using System.Threading.Tasks;

namespace OpenAIImages.Cli.Tests;

/// <summary>Collects what the tool writes and completes <see cref="Seen"/> once a line containing the text is written.</summary>
internal sealed class SignallingWriter(string text) : StringWriter
{
    private readonly TaskCompletionSource _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Seen => _seen.Task;

    public override void WriteLine(string? value)
    {
        lock (this)
        {
            base.WriteLine(value);
        }

        if (value is not null && value.Contains(text, StringComparison.Ordinal))
        {
            _seen.TrySetResult();
        }
    }

    public override string ToString()
    {
        lock (this)
        {
            return base.ToString();
        }
    }
}
