using System;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Web.Tests;

/// <summary>Lets an event stream's first event through, then cuts it off mid-event, as a dropped connection would.</summary>
internal sealed class BreakingStreamHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
        if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            return response;
        }

        string events = await response.Content.ReadAsStringAsync(cancellationToken);
        int firstEnd = events.IndexOf("\n\n", StringComparison.Ordinal) + 2;
        var cut = new StringContent(events[..firstEnd] + "event: image_generation.partial_image\ndata: {\"type\":\"image_gen", Encoding.UTF8);
        cut.Headers.ContentType = response.Content.Headers.ContentType;
        response.Content = cut;
        return response;
    }
}
