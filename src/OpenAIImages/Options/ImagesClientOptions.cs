using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages;

/// <summary>Settings of an <see cref="ImagesClient"/>: credentials, where to send requests, and defaults.</summary>
public sealed class ImagesClientOptions
{
    /// <summary>Gets OpenAI's own base address, <c>https://api.openai.com/v1/</c>.</summary>
    public static Uri DefaultBaseAddress { get; } = new("https://api.openai.com/v1/");

    /// <summary>Gets or sets the API key sent as <c>Authorization: Bearer …</c>. Never logged or shown in messages.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets a function that returns the API key for each request, for keys that rotate; used instead of <see cref="ApiKey"/> when set.</summary>
    public Func<CancellationToken, ValueTask<string>>? ApiKeyProvider { get; set; }

    /// <summary>Gets or sets the base address of the API; any OpenAI-compatible server works. Defaults to <see cref="DefaultBaseAddress"/>.</summary>
    public Uri BaseAddress { get; set; } = DefaultBaseAddress;

    /// <summary>Gets or sets the Azure OpenAI settings; when set, requests go to Azure's URL forms with Azure's auth, and <see cref="BaseAddress"/> is not used.</summary>
    public ImagesAzureOptions? Azure { get; set; }

    /// <summary>Gets or sets the organization id sent as <c>OpenAI-Organization</c>, if any.</summary>
    public string? Organization { get; set; }

    /// <summary>Gets or sets the project id sent as <c>OpenAI-Project</c>, if any.</summary>
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
    public IDictionary<string, ImageModelRules> Models { get; } = new Dictionary<string, ImageModelRules>(StringComparer.Ordinal);

    /// <summary>Gets changes to the SDK's price table for this client, by model id (case-insensitive): a changed price, a model the table does not price.</summary>
    /// <remarks>
    /// In configuration: <c>OpenAIImages:Prices:gpt-image-1:ImageOutputPerMillion</c>, <c>OpenAIImages:Prices:dall-e-3:PerImage:1024x1024/hd</c>, ...
    /// See <see cref="ImageModelPrice"/>. On Azure OpenAI, key the entries by deployment name and set Azure's prices: the
    /// built-in table holds OpenAI's list prices, used on Azure only for the model behind the deployment (<see cref="ImagesAzureOptions.Model"/>).
    /// </remarks>
    public IDictionary<string, ImageModelPrice> Prices { get; } = new Dictionary<string, ImageModelPrice>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets text appended to the <c>User-Agent</c> header, such as your application's name and version.</summary>
    public string? UserAgentSuffix { get; set; }

    /// <summary>
    /// Gets or sets whether requests are checked against the model catalog before they are sent (default true). Turn it
    /// off for a server whose rules differ from OpenAI's; input images are still read to send their real content type.
    /// </summary>
    public bool ValidateRequests { get; set; } = true;

    /// <summary>Gets or sets how failed requests are retried.</summary>
    public ImagesRetryOptions Retry { get; set; } = new();

    /// <summary>Gets or sets the client-side limit of images per minute per model.</summary>
    public ImagesRateLimitOptions RateLimits { get; set; } = new();

    /// <summary>Gets or sets the budgets that stop the spending, for the client and per end user (none by default).</summary>
    public ImagesBudgetOptions Budgets { get; set; } = new();

    /// <summary>
    /// Gets or sets how long one attempt may take (default 10 minutes: high-quality gpt-image-2 images take several).
    /// A timed-out attempt is retried; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> turns the limit off.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Gets or sets how long a whole call may take, rate-limit waits and retries included (default 30 minutes): a
    /// deadline, so a retry delay is cut short at it and a rate-limit wait that would pass it is refused at once;
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> turns the limit off.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Gets or sets how long downloading one URL image may take, from the request to its last byte (default 2 minutes);
    /// a download that takes longer ends in <see cref="ImagesDownloadException"/>.
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> turns the limit off.
    /// </summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Gets or sets whether telemetry may hold what could be sensitive: the prompt, as the <c>gen_ai.input.messages</c>
    /// tag of each operation's activity (default false). The API key is never in telemetry.
    /// </summary>
    public bool EnableSensitiveTelemetryData { get; set; }

    /// <summary>Gets or sets the clock for delays, timeouts and the rate limiter; tests pass a fake one. Defaults to the system clock.</summary>
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

        Azure?.Validate(problems);

        // Headers are written unparsed: a line break would let the value inject headers of its own.
        CheckHeaderValue(problems, "ApiKey", ApiKey);
        CheckHeaderValue(problems, "Organization", Organization);
        CheckHeaderValue(problems, "Project", Project);
        CheckHeaderValue(problems, "UserAgentSuffix", UserAgentSuffix);

        if (BaseAddress is not { IsAbsoluteUri: true })
        {
            problems.Add("ImagesClientOptions.BaseAddress must be an absolute URL, such as https://api.openai.com/v1/.");
        }

        if (Retry is null || Retry.MaxRetries < 0 || Retry.BaseDelay < TimeSpan.Zero || Retry.MaxDelay < TimeSpan.Zero || Retry.MaxServerDelay < TimeSpan.Zero)
        {
            problems.Add("ImagesClientOptions.Retry must be set, with MaxRetries and every delay zero or more.");
        }
        else
        {
            // A day at most: a backoff longer than that is a configuration mistake, not a wait.
            CheckAtMostOneDay(problems, "Retry.BaseDelay", Retry.BaseDelay);
            CheckAtMostOneDay(problems, "Retry.MaxDelay", Retry.MaxDelay);
        }

        if (RateLimits is null || RateLimits.MaxWait < TimeSpan.Zero || !AllAtLeastOne(RateLimits.ImagesPerMinute.Values))
        {
            problems.Add("ImagesClientOptions.RateLimits must be set, with MaxWait zero or more and every ImagesPerMinute at least 1.");
        }

        if (Budgets is null)
        {
            problems.Add("ImagesClientOptions.Budgets must be set.");
        }
        else
        {
            Budgets.Validate(problems);
        }

        if (!IsTimeout(AttemptTimeout) || !IsTimeout(Timeout) || !IsTimeout(DownloadTimeout))
        {
            problems.Add("ImagesClientOptions.AttemptTimeout, Timeout and DownloadTimeout must be positive or Timeout.InfiniteTimeSpan.");
        }

        if (TimeProvider is null)
        {
            problems.Add("ImagesClientOptions.TimeProvider must be set.");
        }

        foreach (KeyValuePair<string, ImageModelRules> model in Models)
        {
            if (model.Value is null || model.Value.MaxImages < 1)
            {
                problems.Add($"ImagesClientOptions.Models[{model.Key}] must be set, with MaxImages at least 1.");
            }
            else if (model.Value.BasedOn is { Length: > 0 } basedOn && !Catalog.ModelCatalog.IsKnown(basedOn))
            {
                problems.Add($"ImagesClientOptions.Models[{model.Key}].BasedOn names '{basedOn}', which the catalog does not know; known models: {string.Join(", ", Catalog.ModelCatalog.KnownModels)}.");
            }
        }

        Costs.ClientPrices.Check(Prices, problems);
        return problems;
    }

    /// <summary>Describes the settings without the API key or a password in the base address.</summary>
    public override string ToString() =>
        $"{(Azure is { } azure ? $"Azure = {Internal.Redaction.Url(azure.Endpoint)} ({azure.Deployment ?? "v1"})" : "BaseAddress = " + Internal.Redaction.Url(BaseAddress))}, ApiKey = {(ApiKey is null && ApiKeyProvider is null && Azure?.TokenProvider is null ? "(none)" : "***")}, DefaultModel = {DefaultModel?.Value ?? "(server default)"}, ValidateRequests = {ValidateRequests}";

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

    // Plain loops, not LINQ or a tuple array: these run on every client's construction, often in a cold process.
    private static void CheckHeaderValue(List<string> problems, string name, string? value)
    {
        if (value is not null && HasControlCharacters(value))
        {
            problems.Add($"ImagesClientOptions.{name} must not contain a line break or another control character.");
        }
    }

    private static void CheckAtMostOneDay(List<string> problems, string name, TimeSpan value)
    {
        if (value > TimeSpan.FromDays(1))
        {
            problems.Add($"ImagesClientOptions.{name} must be at most one day.");
        }
    }

    private static bool AllAtLeastOne(ICollection<int> limits)
    {
        foreach (int limit in limits)
        {
            if (limit < 1)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a header value has a character that must never be written raw (CR, LF or another control character).</summary>
    internal static bool HasControlCharacters(string value)
    {
        foreach (char c in value)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTimeout(TimeSpan value) => value > TimeSpan.Zero || value == System.Threading.Timeout.InfiniteTimeSpan;

    private static string? Variable(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value.Trim() : null;
}
