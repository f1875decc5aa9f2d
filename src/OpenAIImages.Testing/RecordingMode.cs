namespace OpenAIImages.Testing;

/// <summary>What a <see cref="RecordingHandler"/> does with each request.</summary>
public enum RecordingMode
{
    /// <summary>Answers from the recordings only; a request with none fails with <see cref="RecordingNotFoundException"/>. Nothing is sent. The default, for CI.</summary>
    Replay = 0,

    /// <summary>Sends every request to the real service and writes (or overwrites) its recording.</summary>
    Record = 1,

    /// <summary>Answers from a recording when there is one, else sends the request and records it.</summary>
    RecordIfMissing = 2,
}
