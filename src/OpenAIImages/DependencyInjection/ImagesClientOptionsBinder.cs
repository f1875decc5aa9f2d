using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Extensions.Configuration;

namespace OpenAIImages.DependencyInjection;

/// <summary>Reads <see cref="ImagesClientOptions"/> from a configuration section, key by key, without reflection (trimming- and AOT-safe).</summary>
/// <remarks>
/// Keys: ApiKey, BaseAddress, Organization, Project, DefaultModel, UserAgentSuffix, ValidateRequests, EnableSensitiveTelemetryData, AttemptTimeout, DownloadTimeout,
/// Timeout; Retry:MaxRetries, Retry:BaseDelay, Retry:MaxDelay, Retry:MaxServerDelay, Retry:UseJitter;
/// RateLimits:MaxWait, RateLimits:PartitionByUser, RateLimits:ImagesPerMinute:&lt;model&gt;; Budgets:Amount,
/// Budgets:PerUserAmount, Budgets:Period, Budgets:Window, Budgets:AllowUnknownCost; Azure:Endpoint,
/// Azure:Deployment, Azure:ApiVersion, Azure:Model, Azure:TokenScope (an Azure section makes the client talk to Azure OpenAI);
/// Models:&lt;model&gt;:ShutdownDate, AzureShutdownDate, StillServed, BasedOn, Sizes, MaxImages, OutputFormats, Qualities;
/// Prices:&lt;model&gt;:... (see <see cref="ImagePriceBinder"/>).
/// <para>
/// Written by hand, not by the configuration binding source generator, which (10.0, tried) binds these options wrongly:
/// it reads <see cref="ImageModel"/> as an object and leaves <c>DefaultModel</c> empty without a word, skips
/// <c>RateLimits</c> whole because its <c>Store</c> is abstract (SYSLIB1100/1101), makes a client an Azure one from an
/// <c>Azure:ApiVersion</c> alone, takes no <c>a,b</c> lists, and throws at the first bad value. This binder reports every
/// problem at once by configuration key, with a "did you mean" for a misspelled key. The rules on the values are the
/// options' data annotations, checked by the generated validator (<c>Validation/ImagesClientOptionsChecks</c>).
/// </para>
/// </remarks>
internal static class ImagesClientOptionsBinder
{
    // Every key the section may hold, by path below it; ImagesPerMinute takes any model id below it.
    private static readonly string[] KnownKeys =
    [
        "ApiKey", "BaseAddress", "Organization", "Project", "DefaultModel", "UserAgentSuffix", "ValidateRequests",
        "EnableSensitiveTelemetryData", "AttemptTimeout", "Timeout", "DownloadTimeout",
        "Retry", "Retry:MaxRetries", "Retry:BaseDelay", "Retry:MaxDelay", "Retry:MaxServerDelay", "Retry:UseJitter",
        "RateLimits", "RateLimits:MaxWait", "RateLimits:PartitionByUser", "RateLimits:PaceByServerHeaders", "RateLimits:ImagesPerMinute",
        "Budgets", "Budgets:Amount", "Budgets:PerUserAmount", "Budgets:Period", "Budgets:Window", "Budgets:AllowUnknownCost",
        "Azure", "Azure:Endpoint", "Azure:Deployment", "Azure:ApiVersion", "Azure:Model", "Azure:TokenScope", "Models",
        "Prices",
    ];

    // The keys of each model below Models:{id}.
    private static readonly string[] ModelKeys = ["ShutdownDate", "AzureShutdownDate", "StillServed", "BasedOn", "Sizes", "MaxImages", "OutputFormats", "Qualities"];

    /// <summary>Reads the section into <paramref name="options"/>; a key the client does not know, or a value it cannot read, is kept as a problem that validation reports on start, named by its configuration path.</summary>
    public static void Bind(IConfiguration section, ImagesClientOptions options)
    {
        ReportUnknownKeys(section, string.Empty, options);
        options.ApiKey = section["ApiKey"] ?? options.ApiKey;
        options.Organization = section["Organization"] ?? options.Organization;
        options.Project = section["Project"] ?? options.Project;
        options.UserAgentSuffix = section["UserAgentSuffix"] ?? options.UserAgentSuffix;
        if (section["DefaultModel"] is { Length: > 0 } model)
        {
            options.DefaultModel = new ImageModel(model);
        }

        if (section["BaseAddress"] is { Length: > 0 } baseAddress)
        {
            options.BaseAddress = Uri.TryCreate(baseAddress, UriKind.Absolute, out Uri? uri) ? uri : Invalid(options, section, "BaseAddress", baseAddress, "an absolute URL", options.BaseAddress);
        }

        options.ValidateRequests = Bool(options, section, "ValidateRequests") ?? options.ValidateRequests;
        options.EnableSensitiveTelemetryData = Bool(options, section, "EnableSensitiveTelemetryData") ?? options.EnableSensitiveTelemetryData;
        options.AttemptTimeout = Time(options, section, "AttemptTimeout") ?? options.AttemptTimeout;
        options.Timeout = Time(options, section, "Timeout") ?? options.Timeout;
        options.DownloadTimeout = Time(options, section, "DownloadTimeout") ?? options.DownloadTimeout;

        IConfigurationSection retry = section.GetSection("Retry");
        options.Retry.MaxRetries = Int(options, retry, "MaxRetries") ?? options.Retry.MaxRetries;
        options.Retry.BaseDelay = Time(options, retry, "BaseDelay") ?? options.Retry.BaseDelay;
        options.Retry.MaxDelay = Time(options, retry, "MaxDelay") ?? options.Retry.MaxDelay;
        options.Retry.MaxServerDelay = Time(options, retry, "MaxServerDelay") ?? options.Retry.MaxServerDelay;
        options.Retry.UseJitter = Bool(options, retry, "UseJitter") ?? options.Retry.UseJitter;

        // An endpoint, a deployment or a model makes the client an Azure one; an api-version or a scope alone does not.
        IConfigurationSection azure = section.GetSection("Azure");
        string? azureEndpoint = azure["Endpoint"];
        string? azureDeployment = azure["Deployment"];
        string? azureModel = azure["Model"];
        string? azureVersion = azure["ApiVersion"];
        string? azureScope = azure["TokenScope"];
        if (azureEndpoint is { Length: > 0 } || azureDeployment is { Length: > 0 } || azureModel is { Length: > 0 } || options.Azure is not null)
        {
            ImagesAzureOptions target = options.Azure ??= new ImagesAzureOptions();
            if (azureEndpoint is { Length: > 0 })
            {
                target.Endpoint = Uri.TryCreate(azureEndpoint, UriKind.Absolute, out Uri? uri) ? uri : Invalid(options, azure, "Endpoint", azureEndpoint, "an absolute URL", target.Endpoint);
            }

            target.Deployment = azureDeployment is { Length: > 0 } ? azureDeployment : target.Deployment;
            target.ApiVersion = azureVersion is { Length: > 0 } ? azureVersion : target.ApiVersion;
            target.TokenScope = azureScope is { Length: > 0 } ? azureScope : target.TokenScope;
            if (azureModel is { Length: > 0 })
            {
                target.Model = new ImageModel(azureModel);
            }
        }

        IConfigurationSection limits = section.GetSection("RateLimits");
        options.RateLimits.MaxWait = Time(options, limits, "MaxWait") ?? options.RateLimits.MaxWait;
        options.RateLimits.PartitionByUser = Bool(options, limits, "PartitionByUser") ?? options.RateLimits.PartitionByUser;
        options.RateLimits.PaceByServerHeaders = Bool(options, limits, "PaceByServerHeaders") ?? options.RateLimits.PaceByServerHeaders;
        BindBudgets(section.GetSection("Budgets"), options);
        foreach (IConfigurationSection changed in section.GetSection("Models").GetChildren())
        {
            BindModel(changed, options);
        }

        ImagePriceBinder.Bind(section.GetSection("Prices"), options);
        foreach (IConfigurationSection limit in limits.GetSection("ImagesPerMinute").GetChildren())
        {
            options.RateLimits.ImagesPerMinute[limit.Key] = Int(options, limits.GetSection("ImagesPerMinute"), limit.Key) ?? 0;
        }
    }

    /// <summary>Fills what the section leaves unset from the environment, as OpenAI's SDKs read it: <c>OPENAI_API_KEY</c>, <c>OPENAI_BASE_URL</c>, <c>OPENAI_ORG_ID</c>, <c>OPENAI_PROJECT_ID</c>.</summary>
    /// <remarks>For a client with an Azure section: <c>AZURE_OPENAI_ENDPOINT</c>, <c>AZURE_OPENAI_API_KEY</c> and <c>OPENAI_API_VERSION</c>, as openai-node's Azure client reads them.</remarks>
    /// <param name="section">The section the options were bound from, or null for options set in code.</param>
    /// <param name="options">The options to fill.</param>
    public static void FillFromEnvironment(IConfiguration? section, ImagesClientOptions options)
    {
        if (options.Azure is { } azure)
        {
            if (azure.Endpoint is null && Variable("AZURE_OPENAI_ENDPOINT") is { } endpoint)
            {
                azure.Endpoint = Uri.TryCreate(endpoint, UriKind.Absolute, out Uri? uri) ? uri : Problem(options, $"The environment variable AZURE_OPENAI_ENDPOINT = '{Internal.Redaction.Text(endpoint, null)}' is not an absolute URL.", azure.Endpoint);
            }

            if (section?.GetSection("Azure")["ApiVersion"] is not { Length: > 0 } && Variable("OPENAI_API_VERSION") is { } version)
            {
                azure.ApiVersion = version;
            }

            if (string.IsNullOrWhiteSpace(options.ApiKey) && options.ApiKeyProvider is null && azure.TokenProvider is null && Variable("AZURE_OPENAI_API_KEY") is { } azureKey)
            {
                options.ApiKey = azureKey;
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(options.ApiKey) && options.ApiKeyProvider is null && Variable("OPENAI_API_KEY") is { } key)
        {
            options.ApiKey = key;
        }

        // Unset: not in the section, and (from code) still the default instance, not an address the code gave.
        bool baseAddressSet = section is null ? !ReferenceEquals(options.BaseAddress, ImagesClientOptions.DefaultBaseAddress) : section["BaseAddress"] is { Length: > 0 };
        if (!baseAddressSet && Variable("OPENAI_BASE_URL") is { } baseUrl)
        {
            options.BaseAddress = Uri.TryCreate(baseUrl, UriKind.Absolute, out Uri? uri) ? uri : Problem(options, $"The environment variable OPENAI_BASE_URL = '{Internal.Redaction.Text(baseUrl, null)}' is not an absolute URL.", options.BaseAddress);
        }

        options.Organization ??= Variable("OPENAI_ORG_ID");
        options.Project ??= Variable("OPENAI_PROJECT_ID");
    }

    private static string? Variable(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value.Trim() : null;

    private static int? Int(ImagesClientOptions options, IConfiguration section, string key) => section[key] is { Length: > 0 } text
        ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : Invalid<int?>(options, section, key, text, "a whole number", null)
        : null;

    private static bool? Bool(ImagesClientOptions options, IConfiguration section, string key) => section[key] is { Length: > 0 } text
        ? bool.TryParse(text, out bool value) ? value : Invalid<bool?>(options, section, key, text, "true or false", null)
        : null;

    private static TimeSpan? Time(ImagesClientOptions options, IConfiguration section, string key) => section[key] is { Length: > 0 } text
        ? TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan value) ? value : Invalid<TimeSpan?>(options, section, key, text, "a time span such as 00:00:30", null)
        : null;

    // Budgets: amounts as invariant decimals (1.50), the period by name.
    private static void BindBudgets(IConfiguration budgets, ImagesClientOptions options)
    {
        options.Budgets.Amount = Amount(options, budgets, "Amount") ?? options.Budgets.Amount;
        options.Budgets.PerUserAmount = Amount(options, budgets, "PerUserAmount") ?? options.Budgets.PerUserAmount;
        options.Budgets.Window = Time(options, budgets, "Window") ?? options.Budgets.Window;
        options.Budgets.AllowUnknownCost = Bool(options, budgets, "AllowUnknownCost") ?? options.Budgets.AllowUnknownCost;
        if (budgets["Period"] is { Length: > 0 } period)
        {
            options.Budgets.Period = period.Trim().ToUpperInvariant() switch
            {
                "DAY" => ImagesBudgetPeriod.Day,
                "MONTH" => ImagesBudgetPeriod.Month,
                "ROLLING" => ImagesBudgetPeriod.Rolling,
                _ => Invalid(options, budgets, "Period", period, "Day, Month or Rolling", options.Budgets.Period),
            };
        }
    }

    private static decimal? Amount(ImagesClientOptions options, IConfiguration section, string key) => section[key] is { Length: > 0 } text
        ? decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal value) && value >= 0 ? value : Invalid<decimal?>(options, section, key, text, "an amount of zero or more such as 25.00", null)
        : null;

    private static T Problem<T>(ImagesClientOptions options, string problem, T keep)
    {
        options.ConfigurationProblems.Add(problem);
        return keep;
    }

    // A value that cannot be read is noted (the setting keeps its default) and reported with the other problems on start.
    private static T Invalid<T>(ImagesClientOptions options, IConfiguration section, string key, string value, string expected, T keep)
    {
        options.ConfigurationProblems.Add($"Configuration value '{PathOf(section, key)}' = '{Internal.Redaction.Text(value, null)}' is not {expected}.");
        return keep;
    }

    // Models:{id}: a model's changes to the catalog (ImageModelRules); lists as children (Sizes:0, Sizes:1) or "a,b".
    private static void BindModel(IConfigurationSection model, ImagesClientOptions options)
    {
        if (!options.Models.TryGetValue(model.Key, out ImageModelRules? rules) || rules is null)
        {
            rules = options.Models[model.Key] = new ImageModelRules();
        }

        rules.ShutdownDate = Date(options, model, "ShutdownDate") ?? rules.ShutdownDate;
        rules.AzureShutdownDate = Date(options, model, "AzureShutdownDate") ?? rules.AzureShutdownDate;
        rules.StillServed = Bool(options, model, "StillServed") ?? rules.StillServed;
        rules.BasedOn = model["BasedOn"] is { Length: > 0 } basedOn ? basedOn : rules.BasedOn;
        rules.MaxImages = Int(options, model, "MaxImages") ?? rules.MaxImages;
        List(model, "Sizes", rules.Sizes);
        List(model, "OutputFormats", rules.OutputFormats);
        List(model, "Qualities", rules.Qualities);
        foreach (IConfigurationSection child in model.GetChildren())
        {
            if (Array.FindIndex(ModelKeys, k => string.Equals(k, child.Key, StringComparison.OrdinalIgnoreCase)) < 0)
            {
                options.ConfigurationProblems.Add($"Configuration key '{child.Path}' is not a setting of a model (known keys: {string.Join(", ", ModelKeys)}).");
            }
        }
    }

    private static void List(IConfigurationSection model, string key, IList<string> target)
    {
        IConfigurationSection list = model.GetSection(key);
        string[] values = list.Value is { Length: > 0 } text
            ? text.Split([','], StringSplitOptions.RemoveEmptyEntries)
            : list.GetChildren().Select(c => c.Value ?? string.Empty).ToArray();
        if (values.Length > 0)
        {
            target.Clear();
            foreach (string value in values)
            {
                if (value.Trim() is { Length: > 0 } trimmed)
                {
                    target.Add(trimmed);
                }
            }
        }
    }

    private static DateTimeOffset? Date(ImagesClientOptions options, IConfiguration section, string key) => section[key] is { Length: > 0 } text
        ? DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset value) ? value : Invalid<DateTimeOffset?>(options, section, key, text, "a date such as 2027-01-31", null)
        : null;

    private static void ReportUnknownKeys(IConfiguration section, string prefix, ImagesClientOptions options)
    {
        foreach (IConfigurationSection child in section.GetChildren())
        {
            string key = prefix + child.Key;
            if (string.Equals(key, "RateLimits:ImagesPerMinute", StringComparison.OrdinalIgnoreCase) || string.Equals(key, "Models", StringComparison.OrdinalIgnoreCase) || string.Equals(key, "Prices", StringComparison.OrdinalIgnoreCase))
            {
                // Model ids are the user's own; each model's keys are checked as it is bound.
                continue;
            }

            if (Array.FindIndex(KnownKeys, k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) < 0)
            {
                string? near = Array.Find(KnownKeys, k => Near(k, key));
                options.ConfigurationProblems.Add($"Configuration key '{PathOf(section, child.Key)}' is not a setting of the images client{(near is null ? string.Empty : $"; did you mean '{near}'?")} (known keys: {string.Join(", ", KnownKeys)}).");
                continue;
            }

            ReportUnknownKeys(child, key + ":", options);
        }
    }

    // The same letters but for one or two (a typo such as DefaultModle), ignoring case.
    private static bool Near(string known, string key)
    {
        string a = known.ToUpperInvariant();
        string b = key.ToUpperInvariant();
        if (Math.Abs(a.Length - b.Length) > 2)
        {
            return false;
        }

        var distance = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            distance[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = distance[0];
            distance[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = distance[j];
                distance[j] = Math.Min(Math.Min(distance[j] + 1, distance[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return distance[b.Length] <= 2;
    }

    private static string PathOf(IConfiguration section, string key) => section is IConfigurationSection s ? s.Path + ":" + key : key;
}
