using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace OpenAIImages.Web.Safety;

/// <summary>
/// The limits the sample keeps on the requests that spend the API key (<c>/api/generations</c>, <c>/api/edits</c>),
/// read from the <c>Sample:Limits</c> section; each default suits one person on localhost.
/// </summary>
/// <param name="ConcurrentRequests">Image requests that run at once (<c>ConcurrentRequests</c>, default 4).</param>
/// <param name="QueuedRequests">Requests that wait for one of those to finish before the rest are refused with 429 (<c>QueuedRequests</c>, default 4).</param>
/// <param name="RequestsPerMinutePerClient">Image requests one client address may start each minute (<c>RequestsPerMinutePerClient</c>, default 30).</param>
/// <param name="EditImages">Images one edit may upload besides its mask (<c>EditImages</c>, default 1, as the page sends; at most 16, as the API takes).</param>
/// <param name="UploadSeconds">How long an edit's form may take to arrive (<c>UploadSeconds</c>, default 120), so a slow upload cannot hold one of the few slots.</param>
internal sealed record SampleLimits(int ConcurrentRequests, int QueuedRequests, int RequestsPerMinutePerClient, int EditImages, int UploadSeconds)
{
    /// <summary>The configuration section the limits are read from.</summary>
    public const string SectionName = "Sample:Limits";

    /// <summary>The largest image or mask an edit takes: files must be smaller than this, as for the SDK's GPT image models (DALL·E 2 takes 4 MB; the SDK checks each model's own rule).</summary>
    public const long MaxFileBytes = 50L * 1024 * 1024;

    /// <summary>What the form's text fields, the multipart framing and the headers of its parts may add to the files.</summary>
    public const long FormOverheadBytes = 1024 * 1024;

    /// <summary>The largest body any other request may have (the prompt form's JSON: a 32,000-character prompt and its options).</summary>
    public const long MaxJsonBodyBytes = 1024 * 1024;

    /// <summary>Gets the largest edit body: every image and the mask at their largest, and the form around them.</summary>
    public long MaxEditBodyBytes => (EditImages + 1) * MaxFileBytes + FormOverheadBytes;

    /// <summary>Reads the limits from <paramref name="configuration"/>; a missing or unreadable value keeps its default.</summary>
    public static SampleLimits From(IConfiguration configuration)
    {
        IConfigurationSection section = configuration.GetSection(SectionName);
        return new SampleLimits(
            Read(section, nameof(ConcurrentRequests), 4, min: 1),
            Read(section, nameof(QueuedRequests), 4, min: 0),
            Read(section, nameof(RequestsPerMinutePerClient), 30, min: 1),
            System.Math.Min(Read(section, nameof(EditImages), 1, min: 1), 16),
            Read(section, nameof(UploadSeconds), 120, min: 1));
    }

    private static int Read(IConfigurationSection section, string key, int fallback, int min) =>
        int.TryParse(section[key], NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= min ? value : fallback;
}
