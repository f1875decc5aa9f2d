using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Web.Tests;

/// <summary>
/// Holds every request the app's <see cref="ImagesClient"/> sends upstream until <see cref="Open"/>, counting how many
/// are held at once: the load tests see what the app has in flight without timing anything.
/// </summary>
internal sealed class UpstreamGate
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;

    /// <summary>Gets the most requests that were upstream at once.</summary>
    public int MaxInFlight { get; private set; }

    /// <summary>Gets how many requests are upstream now.</summary>
    public int InFlight
    {
        get
        {
            lock (_lock)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>Runs <paramref name="body"/> when the gate is open (at once if it is), counted as in flight from the start.</summary>
    public async Task<T> PassAsync<T>(Func<Task<T>> body, CancellationToken cancellationToken)
    {
        Changed(+1);
        try
        {
            await _open.Task.WaitAsync(cancellationToken);
            return await body();
        }
        finally
        {
            Changed(-1);
        }
    }

    /// <summary>Lets every held request and all later ones through.</summary>
    public void Open() => _open.TrySetResult();

    /// <summary>Waits until <paramref name="count"/> requests are held, or <paramref name="cancellationToken"/> ends the wait.</summary>
    public async Task WaitForInFlightAsync(int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_inFlight >= count)
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Creates the handler that the app's HTTP client sends through.</summary>
    public DelegatingHandler CreateHandler() => new Handler(this);

    private void Changed(int by)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            _inFlight += by;
            MaxInFlight = Math.Max(MaxInFlight, _inFlight);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private sealed class Handler(UpstreamGate gate) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            gate.PassAsync(() => base.SendAsync(request, cancellationToken), cancellationToken);
    }
}
