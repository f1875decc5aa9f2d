using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;
using OpenAIImages.Catalog;
using OpenAIImages.Costs;
using OpenAIImages.Diagnostics;

namespace OpenAIImages.Pipeline;

/// <summary>
/// What the clients built from one set of options share: the snapshot of those options, the pipeline (and so the
/// rate limiter's buckets) and the log (and so which deprecation warnings were given). DI keeps one per client name,
/// and a new one when the configuration changes.
/// </summary>
internal sealed class ImagesClientCore
{
    private ImagesClientCore(ImagesClientOptions options, ILogger logger)
    {
        Options = options;
        Pipeline = new ImagesPipeline(options, logger);
        Log = new RequestLog(logger, options.TimeProvider);
        Telemetry = new OperationTelemetry(options);
        Catalog = new ClientCatalog(options.Models);
        Budget = ImageBudget.Create(options.Budgets, options.TimeProvider, logger);
        Prices = new ClientPrices(options.Prices);
    }

    /// <summary>Gets the options as they were when the core was built; later changes to the caller's object change nothing.</summary>
    public ImagesClientOptions Options { get; }

    public ImagesPipeline Pipeline { get; }

    /// <summary>Gets the budgets (and so what they have spent, in the in-process store), or null when none is set.</summary>
    public ImageBudget? Budget { get; }

    public RequestLog Log { get; }

    /// <summary>Gets the model catalog with this client's changes (<see cref="ImagesClientOptions.Models"/>).</summary>
    public ClientCatalog Catalog { get; }

    /// <summary>Gets the price table with this client's changes (<see cref="ImagesClientOptions.Prices"/>).</summary>
    public ClientPrices Prices { get; }

    /// <summary>Gets what starts each operation's activity and metrics, for the server these options name.</summary>
    public OperationTelemetry Telemetry { get; }

    /// <summary>Checks the options, then builds the core from a copy of them.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are not usable.</exception>
    public static ImagesClientCore Create(ImagesClientOptions options, ILogger logger)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        IReadOnlyList<string> problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        return new ImagesClientCore(options.Snapshot(), logger);
    }
}
