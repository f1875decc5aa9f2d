using System;
using System.Collections.Generic;
using System.ComponentModel.DataAnnotations;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Options;
using OpenAIImages.Validation;

namespace OpenAIImages;

/// <summary>Settings of an <see cref="ImagesClient"/>: credentials, where to send requests, and defaults.</summary>
public sealed class ImagesClientOptions
{
    /// <summary>Gets OpenAI's own base address, <c>https://api.openai.com/v1/</c>.</summary>
    public static Uri DefaultBaseAddress { get; } = new("https://api.openai.com/v1/");

    /// <summary>Gets or sets the API key sent as <c>Authorization: Bearer …</c>. Never logged or shown in messages.</summary>
    [HeaderValue]
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets a function that returns the API key for each request, for keys that rotate; used instead of <see cref="ApiKey"/> when set.</summary>
    public Func<CancellationToken, ValueTask<string>>? ApiKeyProvider { get; set; }

    /// <summary>Gets or sets the base address of the API; any OpenAI-compatible server works. Defaults to <see cref="DefaultBaseAddress"/>.</summary>
    [AbsoluteUrl("https://api.openai.com/v1/")]
    public Uri BaseAddress { get; set; } = DefaultBaseAddress;

    /// <summary>Gets or sets the Azure OpenAI settings; when set, requests go to Azure's URL forms with Azure's auth, and <see cref="BaseAddress"/> is not used.</summary>
    [ValidateObjectMembers]
    public ImagesAzureOptions? Azure { get; set; }

    /// <summary>Gets or sets the organization id sent as <c>OpenAI-Organization</c>, if any.</summary>
    [HeaderValue]
    public string? Organization { get; set; }

    /// <summary>Gets or sets the project id sent as <c>OpenAI-Project</c>, if any.</summary>
    [HeaderValue]
    public string? Project { get; set; }

    /// <summary>Gets or sets the model used when a request names none.</summary>
    /// <remarks>
    /// When null, the SDK's own defaults apply: <c>gpt-image-2</c> for generations and edits, <c>dall-e-2</c> (the only
    /// model that makes them) for variations. A request never leaves without a model, since the service's own default is
    /// a DALL·E model that answers with URLs. On Azure OpenAI nothing is added: the deployment decides the model.
    /// </remarks>
    public ImageModel? DefaultModel { get; set; }

    /// <summary>Gets changes to the SDK's model catalog for this client, by model id: a moved or cleared shutdown date, a retired model still in use, a model the catalog does not know yet.</summary>
    /// <remarks>In configuration: <c>OpenAIImages:Models:gpt-image-1.5:ShutdownDate</c>, <c>OpenAIImages:Models:my-model:BasedOn</c>, ... See <see cref="ImageModelRules"/>.</remarks>
    [ModelOverrides]
    public IDictionary<string, ImageModelRules> Models { get; } = new Dictionary<string, ImageModelRules>(StringComparer.Ordinal);

    /// <summary>Gets changes to the SDK's price table for this client, by model id (case-insensitive): a changed price, a model the table does not price.</summary>
    /// <remarks>
    /// In configuration: <c>OpenAIImages:Prices:gpt-image-1:ImageOutputPerMillion</c>, <c>OpenAIImages:Prices:dall-e-3:PerImage:1024x1024/hd</c>, ...
    /// See <see cref="ImageModelPrice"/>. On Azure OpenAI, key the entries by deployment name and set Azure's prices: the
    /// built-in table holds OpenAI's list prices, used on Azure only for the model behind the deployment (<see cref="ImagesAzureOptions.Model"/>).
    /// </remarks>
    [PriceOverrides]
    public IDictionary<string, ImageModelPrice> Prices { get; } = new Dictionary<string, ImageModelPrice>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets text appended to the <c>User-Agent</c> header, such as your application's name and version.</summary>
    [HeaderValue]
    public string? UserAgentSuffix { get; set; }

    /// <summary>
    /// Gets or sets whether requests are checked against the model catalog before they are sent (default true). Turn it
    /// off for a server whose rules differ from OpenAI's; input images are still read to send their real content type.
    /// </summary>
    public bool ValidateRequests { get; set; } = true;

    /// <summary>Gets or sets how failed requests are retried.</summary>
    [Required(ErrorMessage = "{0} must be set."), ValidateObjectMembers]
    public ImagesRetryOptions Retry { get; set; } = new();

    /// <summary>Gets or sets the client-side limit of images per minute per model.</summary>
    [Required(ErrorMessage = "{0} must be set."), ValidateObjectMembers]
    public ImagesRateLimitOptions RateLimits { get; set; } = new();

    /// <summary>Gets or sets the budgets that stop the spending, for the client and per end user (none by default).</summary>
    [Required(ErrorMessage = "{0} must be set."), ValidateObjectMembers, BudgetPeriod]
    public ImagesBudgetOptions Budgets { get; set; } = new();

    /// <summary>
    /// Gets or sets how long one attempt may take (default 10 minutes: high-quality gpt-image-2 images take several).
    /// A timed-out attempt is retried; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> turns the limit off.
    /// </summary>
    [TimeLimit]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Gets or sets how long a whole call may take, rate-limit waits and retries included (default 30 minutes): a
    /// deadline, so a retry delay is cut short at it and a rate-limit wait that would pass it is refused at once;
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> turns the limit off.
    /// </summary>
    [TimeLimit]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Gets or sets how long downloading one URL image may take, from the request to its last byte (default 2 minutes);
    /// a download that takes longer ends in <see cref="ImagesDownloadException"/>.
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> turns the limit off.
    /// </summary>
    [TimeLimit]
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Gets or sets whether telemetry may hold what could be sensitive: the prompt, as the <c>gen_ai.input.messages</c>
    /// tag of each operation's activity (default false). The API key is never in telemetry.
    /// </summary>
    public bool EnableSensitiveTelemetryData { get; set; }

    /// <summary>Gets or sets the clock for delays, timeouts and the rate limiter; tests pass a fake one. Defaults to the system clock.</summary>
    [Required(ErrorMessage = "{0} must be set.")]
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Reads settings from the environment as OpenAI's own SDKs do: <c>OPENAI_API_KEY</c>, <c>OPENAI_BASE_URL</c>, <c>OPENAI_ORG_ID</c> and <c>OPENAI_PROJECT_ID</c>.</summary>
    /// <returns>New options; unset variables leave the defaults.</returns>
    /// <exception cref="FormatException"><c>OPENAI_BASE_URL</c> is not an absolute URL.</exception>
    public static ImagesClientOptions FromEnvironment()
    {
        var options = new ImagesClientOptions
        {
            ApiKey = Variable("OPENAI_API_KEY"),
            Organization = Variable("OPENAI_ORG_ID"),
            Project = Variable("OPENAI_PROJECT_ID"),
        };

        if (Variable("OPENAI_BASE_URL") is { } baseUrl)
        {
            if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out Uri? uri))
            {
                throw new FormatException($"OPENAI_BASE_URL '{baseUrl}' is not an absolute URL.");
            }

            options.BaseAddress = uri;
        }

        return options;
    }

    /// <summary>Lists what is wrong with these settings, for a clear error at start-up instead of a failure at the first call.</summary>
    /// <returns>One message per problem; empty when the settings are usable.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ApiKey) && ApiKeyProvider is null && Azure?.TokenProvider is null)
        {
            problems.Add(Azure is null
                ? "An API key is required: set ImagesClientOptions.ApiKey (for example from OPENAI_API_KEY or the ApiKey configuration key) or ApiKeyProvider. To run offline, point BaseAddress (OPENAI_BASE_URL) at the emulator (`openai-images serve`, or OpenAIImages.Testing's ImagesEmulator) with any key."
                : "An API key or token is required: set ImagesClientOptions.ApiKey (for example from AZURE_OPENAI_API_KEY), ApiKeyProvider, or Azure.TokenProvider.");
        }

        // Every other rule is an attribute on the setting it is about, checked by generated code.
        ValidateOptionsResult checks = Checks.Validate(null, this);
        if (checks.Failed && checks.Failures is { } failures)
        {
            foreach (string failure in failures)
            {
                // Each failure comes as "Member: message", and the message names the setting in full already.
                int message = failure.IndexOf(": ImagesClientOptions.", StringComparison.Ordinal);
                problems.Add(message < 0 ? failure : failure.Substring(message + 2));
            }
        }

        return problems;
    }

    /// <summary>Describes the settings without the API key or a password in the base address.</summary>
    public override string ToString() =>
        $"{(Azure is { } azure ? $"Azure = {Internal.Redaction.Url(azure.Endpoint)} ({azure.Deployment ?? "v1"})" : "BaseAddress = " + Internal.Redaction.Url(BaseAddress))}, ApiKey = {(ApiKey is null && ApiKeyProvider is null && Azure?.TokenProvider is null ? "(none)" : "***")}, DefaultModel = {DefaultModel?.Value ?? "(server default)"}, ValidateRequests = {ValidateRequests}";

    private static readonly ImagesClientOptionsChecks Checks = new();

    /// <summary>Gets what configuration binding could not read (unknown keys, values of the wrong form), reported by validation on start.</summary>
    internal List<string> ConfigurationProblems { get; } = [];

    /// <summary>Copies the settings, so that a client keeps what it was built with whatever happens to this object later.</summary>
    internal ImagesClientOptions Snapshot() => new ImagesClientOptions()
    {
        ApiKey = ApiKey,
        ApiKeyProvider = ApiKeyProvider,
        BaseAddress = BaseAddress,
        Azure = Azure?.Snapshot(),
        Organization = Organization,
        Project = Project,
        DefaultModel = DefaultModel,
        UserAgentSuffix = UserAgentSuffix,
        ValidateRequests = ValidateRequests,
        Retry = Retry is null ? null! : new ImagesRetryOptions
        {
            MaxRetries = Retry.MaxRetries,
            BaseDelay = Retry.BaseDelay,
            MaxDelay = Retry.MaxDelay,
            MaxServerDelay = Retry.MaxServerDelay,
            UseJitter = Retry.UseJitter,
        },
        RateLimits = RateLimits is null ? null! : RateLimits.Snapshot(),
        Budgets = Budgets is null ? null! : Budgets.Snapshot(),
        AttemptTimeout = AttemptTimeout,
        Timeout = Timeout,
        DownloadTimeout = DownloadTimeout,
        TimeProvider = TimeProvider,
        EnableSensitiveTelemetryData = EnableSensitiveTelemetryData,
    }.WithModels(Models).WithPrices(Prices);

    private ImagesClientOptions WithModels(IDictionary<string, ImageModelRules> models)
    {
        foreach (KeyValuePair<string, ImageModelRules> model in models)
        {
            Models[model.Key] = model.Value?.Snapshot()!;
        }

        return this;
    }

    private ImagesClientOptions WithPrices(IDictionary<string, ImageModelPrice> prices)
    {
        foreach (KeyValuePair<string, ImageModelPrice> price in prices)
        {
            Prices[price.Key] = price.Value?.Snapshot()!;
        }

        return this;
    }

    private static string? Variable(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value.Trim() : null;
}
