using System;

namespace OpenAIImages.Cli;

/// <summary>The command line or its input files are wrong (exit 2); the message is one line that names the flag or file.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException()
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
