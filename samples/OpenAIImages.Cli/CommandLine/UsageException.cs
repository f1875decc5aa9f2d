using System;

namespace OpenAIImages.Cli.CommandLine;

/// <summary>The command line or its input files are wrong; the message is one line that names the flag or file.</summary>
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
