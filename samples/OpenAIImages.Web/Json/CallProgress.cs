namespace OpenAIImages.Web.Json;

/// <summary>One phase of a call that does not stream, on its way to the page as a <c>progress</c> event.</summary>
/// <param name="Phase"><c>waiting_for_rate_limit</c>, <c>sending</c>, <c>waiting_for_service</c>, <c>reading</c>, <c>downloading</c> or <c>saving</c>.</param>
/// <param name="WaitSeconds">For <c>waiting_for_rate_limit</c>: how long the call waits for this app's own limit.</param>
/// <param name="BytesSent">For <c>sending</c>: how many bytes of the request have gone to the Images API.</param>
/// <param name="TotalBytes">For <c>sending</c>: the request's length, when known.</param>
/// <param name="ImageIndex">For <c>downloading</c>: the 0-based index of the image.</param>
internal sealed record CallProgress(string Phase, double? WaitSeconds = null, long? BytesSent = null, long? TotalBytes = null, int? ImageIndex = null)
{
    /// <summary>Describes the SDK's report in the page's words (no reflection: the phase names are spelled out).</summary>
    public static CallProgress From(ImageCallProgress report) => new(
        report.Phase switch
        {
            ImageCallPhase.WaitingForRateLimit => "waiting_for_rate_limit",
            ImageCallPhase.Sending => "sending",
            ImageCallPhase.WaitingForService => "waiting_for_service",
            ImageCallPhase.Reading => "reading",
            ImageCallPhase.Downloading => "downloading",
            _ => "saving",
        },
        report.Wait?.TotalSeconds,
        report.BytesSent,
        report.TotalBytes,
        report.ImageIndex);
}
