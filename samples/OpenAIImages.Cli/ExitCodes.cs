namespace OpenAIImages.Cli;

/// <summary>The process exit codes.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The API answered with an error, or the server could not be reached.</summary>
    public const int ApiError = 1;

    /// <summary>Bad flags, missing files, or a request the SDK rejected before sending.</summary>
    public const int BadInput = 2;

    /// <summary>Stopped with Ctrl+C (128 + SIGINT).</summary>
    public const int Cancelled = 130;
}
