using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using OpenAIImages.Pipeline;

namespace OpenAIImages.Diagnostics;

/// <summary>
/// Starts the telemetry of each operation of the clients built from one set of options: one activity, the duration,
/// the tokens and the images, tagged with the server the options name.
/// </summary>
/// <remarks>When nobody listens, <see cref="Start"/> returns null and <see cref="Observe"/> hands the stream back as it was: nothing is allocated.</remarks>
internal sealed class OperationTelemetry
{
    public OperationTelemetry(ImagesClientOptions options)
    {
        // On Azure the server is the resource's endpoint, and the provider is Azure's (the GenAI conventions' name).
        Uri server = options.Azure?.Endpoint ?? options.BaseAddress;
        ServerAddress = server.Host;
        ServerPort = server.Port;
        ProviderName = options.Azure is null ? TelemetryNames.ProviderOpenAI : TelemetryNames.ProviderAzure;
        EnableSensitiveData = options.EnableSensitiveTelemetryData;
        Time = options.TimeProvider;
    }

    public string ServerAddress { get; }

    /// <summary>Gets <c>gen_ai.provider.name</c>: <c>openai</c>, or <c>azure.ai.openai</c> for Azure OpenAI.</summary>
    public string ProviderName { get; }

    public int ServerPort { get; }

    public bool EnableSensitiveData { get; }

    public TimeProvider Time { get; }

    /// <summary>Starts an operation's activity (as <see cref="System.Diagnostics.Activity.Current"/>) and clock; null when nobody listens.</summary>
    /// <param name="call">The call.</param>
    /// <param name="prompt">The prompt: kept out of telemetry unless <see cref="ImagesClientOptions.EnableSensitiveTelemetryData"/> is on.</param>
    public OperationScope? Start(ImageCall call, string? prompt) =>
        ImagesInstruments.OperationsObserved ? new OperationScope(this, call, prompt) : null;

    /// <summary>Observes a streamed operation from its first event to its last: the activity covers the whole stream, and the completed event's usage counts.</summary>
    public IAsyncEnumerable<ImageStreamEvent> Observe(ImageCall call, string? prompt, IAsyncEnumerable<ImageStreamEvent> events) =>
        ImagesInstruments.OperationsObserved ? ObserveCore(call, prompt, events) : events;

    private async IAsyncEnumerable<ImageStreamEvent> ObserveCore(ImageCall call, string? prompt, IAsyncEnumerable<ImageStreamEvent> events, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Started on the first MoveNextAsync, so the stream's request (sent then) runs inside the activity.
        using OperationScope? scope = Start(call, prompt);
        IAsyncEnumerator<ImageStreamEvent> enumerator = events.GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                ImageStreamEvent item;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    item = enumerator.Current;
                }
                catch (Exception ex)
                {
                    scope?.Failed(ex);
                    throw;
                }

                if (item is ImageCompletedEvent completed)
                {
                    scope?.Succeeded(completed.Usage, 1, completed.Cost);
                }

                yield return item;
            }
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }
}
