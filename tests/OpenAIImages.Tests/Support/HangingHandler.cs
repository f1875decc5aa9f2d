using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Tests.Support;

/// <summary>Records each request, runs <paramref name="onSend"/>, then never answers: the request ends only when its token is cancelled.</summary>
internal sealed class HangingHandler(RecordingApi api, Action? onSend = null) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await api.Record(request);
        onSend?.Invoke();
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    }
}
