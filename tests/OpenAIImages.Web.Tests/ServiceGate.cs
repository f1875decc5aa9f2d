using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Web.Tests;

/// <summary>
/// Plays a service that is still making the image: each request's body is read in full (so the SDK reports the upload
/// and then the wait for the service), then the request is held until <see cref="Open"/>. The tests see the wait
/// without timing anything.
/// </summary>
internal sealed class ServiceGate
{
    private readonly TaskCompletionSource _received = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets a task that completes once a request's body has been read.</summary>
    public Task Received => _received.Task;

    /// <summary>Lets every held request and all later ones on to the emulator.</summary>
    public void Open() => _open.TrySetResult();

    /// <summary>Creates the handler that the app's HTTP client sends through.</summary>
    public DelegatingHandler CreateHandler() => new Handler(this);

    private sealed class Handler(ServiceGate gate) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is not null)
            {
                await request.Content.LoadIntoBufferAsync(cancellationToken);
            }

            gate._received.TrySetResult();
            await gate._open.Task.WaitAsync(cancellationToken);
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
