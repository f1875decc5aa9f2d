using System;

namespace OpenAIImages.Testing;

/// <summary>Thrown by a <see cref="RecordingHandler"/> in <see cref="RecordingMode.Replay"/> mode for a request it has no recording of.</summary>
/// <remarks>The message names the request (method, path, fields) and the file looked for; record it with <see cref="RecordingMode.Record"/> or <see cref="RecordingMode.RecordIfMissing"/>.</remarks>
public sealed class RecordingNotFoundException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public RecordingNotFoundException()
        : this("No recording matches the request.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What was not found.</param>
    public RecordingNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What was not found.</param>
    /// <param name="innerException">The cause.</param>
    public RecordingNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the recording file that was looked for, or <see langword="null"/>.</summary>
    public string? ExpectedFile { get; init; }
}
