using System.Collections.Generic;

namespace OpenAIImages.Testing.Batches;

/// <summary>An emulated batch: its input, how far it has got, and how it is scripted to end.</summary>
internal sealed class EmulatedBatchState
{
    public EmulatedBatchState(string id, string endpoint, StoredFile inputFile, long createdAt, long createdTimestamp, int lineCount, IReadOnlyDictionary<string, string>? metadata)
    {
        Id = id;
        Endpoint = endpoint;
        InputFile = inputFile;
        CreatedAt = createdAt;
        CreatedTimestamp = createdTimestamp;
        LineCount = lineCount;
        Metadata = metadata;
    }

    public string Id { get; }

    public string Endpoint { get; }

    /// <summary>Gets the uploaded input file, whose lines run when the batch finishes.</summary>
    public StoredFile InputFile { get; }

    public string InputFileId => InputFile.Id;

    /// <summary>Gets the creation time, in Unix seconds.</summary>
    public long CreatedAt { get; }

    /// <summary>Gets the creation time as a timestamp of the emulator's clock, to measure the completion delay from.</summary>
    public long CreatedTimestamp { get; }

    /// <summary>Gets how many requests the input file holds; they are read from it again when the batch runs.</summary>
    public int LineCount { get; }

    public IReadOnlyDictionary<string, string>? Metadata { get; }

    public string Status { get; set; } = "validating";

    /// <summary>Gets or sets how many times the batch was retrieved.</summary>
    public int Polls { get; set; }

    /// <summary>Gets or sets how many lines run before the batch expires, or null when it does not expire.</summary>
    public int? ExpiresAfter { get; set; }

    public int Completed { get; set; }

    public int Failed { get; set; }

    public string? OutputFileId { get; set; }

    public string? ErrorFileId { get; set; }

    /// <summary>Gets why the input was refused, each with its 1-based line: the batch shows <c>failed</c> from its first retrieval.</summary>
    public List<(string Message, int? Line)> Errors { get; } = [];

    public bool IsDone => Status is "completed" or "failed" or "expired" or "cancelled";
}
