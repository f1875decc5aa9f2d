using System;
using System.Globalization;
using System.Linq;
using Microsoft.Extensions.Configuration;

namespace OpenAIImages.DependencyInjection;

/// <summary>Reads <see cref="ImagesClientOptions"/> from a configuration section, key by key, without reflection (trimming- and AOT-safe).</summary>
/// <remarks>
/// Keys: ApiKey, BaseAddress, Organization, Project, DefaultModel, UserAgentSuffix, ValidateRequests, EnableSensitiveTelemetryData, AttemptTimeout, DownloadTimeout,
/// Timeout; Retry:MaxRetries, Retry:BaseDelay, Retry:MaxDelay, Retry:MaxServerDelay, Retry:UseJitter;
/// RateLimits:MaxWait, RateLimits:PartitionByUser, RateLimits:ImagesPerMinute:&lt;model&gt;; Azure:Endpoint,
/// Azure:Deployment, Azure:ApiVersion, Azure:Model, Azure:TokenScope (an Azure section makes the client talk to Azure OpenAI).
/// </remarks>
internal static class ImagesClientOptionsBinder
{
    public static void Bind(IConfiguration section, ImagesClientOptions options)
    {
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
            options.BaseAddress = Uri.TryCreate(baseAddress, UriKind.Absolute, out Uri? uri) ? uri : throw Invalid(section, "BaseAddress", baseAddress, "an absolute URL");
        }

        options.ValidateRequests = Bool(section, "ValidateRequests") ?? options.ValidateRequests;
        options.EnableSensitiveTelemetryData = Bool(section, "EnableSensitiveTelemetryData") ?? options.EnableSensitiveTelemetryData;
        options.AttemptTimeout = Time(section, "AttemptTimeout") ?? options.AttemptTimeout;
        options.Timeout = Time(section, "Timeout") ?? options.Timeout;
        options.DownloadTimeout = Time(section, "DownloadTimeout") ?? options.DownloadTimeout;

        IConfigurationSection retry = section.GetSection("Retry");
        options.Retry.MaxRetries = Int(retry, "MaxRetries") ?? options.Retry.MaxRetries;
        options.Retry.BaseDelay = Time(retry, "BaseDelay") ?? options.Retry.BaseDelay;
        options.Retry.MaxDelay = Time(retry, "MaxDelay") ?? options.Retry.MaxDelay;
        options.Retry.MaxServerDelay = Time(retry, "MaxServerDelay") ?? options.Retry.MaxServerDelay;
        options.Retry.UseJitter = Bool(retry, "UseJitter") ?? options.Retry.UseJitter;

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
                target.Endpoint = Uri.TryCreate(azureEndpoint, UriKind.Absolute, out Uri? uri) ? uri : throw Invalid(azure, "Endpoint", azureEndpoint, "an absolute URL");
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
        options.RateLimits.MaxWait = Time(limits, "MaxWait") ?? options.RateLimits.MaxWait;
        options.RateLimits.PartitionByUser = Bool(limits, "PartitionByUser") ?? options.RateLimits.PartitionByUser;
        foreach (IConfigurationSection limit in limits.GetSection("ImagesPerMinute").GetChildren())
        {
            options.RateLimits.ImagesPerMinute[limit.Key] = Int(limits.GetSection("ImagesPerMinute"), limit.Key) ?? 0;
        }
    }

    /// <summary>Fills what the section leaves unset from the environment, as OpenAI's SDKs read it: <c>OPENAI_API_KEY</c>, <c>OPENAI_BASE_URL</c>, <c>OPENAI_ORG_ID</c>, <c>OPENAI_PROJECT_ID</c>.</summary>
    /// <remarks>For a client with an Azure section: <c>AZURE_OPENAI_ENDPOINT</c>, <c>AZURE_OPENAI_API_KEY</c> and <c>OPENAI_API_VERSION</c>, as openai-node's Azure client reads them.</remarks>
    public static void FillFromEnvironment(IConfiguration section, ImagesClientOptions options)
    {
        if (options.Azure is { } azure)
        {
            if (azure.Endpoint is null && Variable("AZURE_OPENAI_ENDPOINT") is { } endpoint)
            {
                azure.Endpoint = Uri.TryCreate(endpoint, UriKind.Absolute, out Uri? uri) ? uri : throw new InvalidOperationException($"AZURE_OPENAI_ENDPOINT '{endpoint}' is not an absolute URL.");
            }

            if (section.GetSection("Azure")["ApiVersion"] is not { Length: > 0 } && Variable("OPENAI_API_VERSION") is { } version)
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

        if (section["BaseAddress"] is not { Length: > 0 } && Variable("OPENAI_BASE_URL") is { } baseUrl)
        {
            options.BaseAddress = Uri.TryCreate(baseUrl, UriKind.Absolute, out Uri? uri) ? uri : throw new InvalidOperationException($"OPENAI_BASE_URL '{baseUrl}' is not an absolute URL.");
        }

        options.Organization ??= Variable("OPENAI_ORG_ID");
        options.Project ??= Variable("OPENAI_PROJECT_ID");
    }

    private static string? Variable(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value.Trim() : null;

    private static int? Int(IConfiguration section, string key) => section[key] is { Length: > 0 } text
        ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : throw Invalid(section, key, text, "a whole number")
        : null;

    private static bool? Bool(IConfiguration section, string key) => section[key] is { Length: > 0 } text
        ? bool.TryParse(text, out bool value) ? value : throw Invalid(section, key, text, "true or false")
        : null;

    private static TimeSpan? Time(IConfiguration section, string key) => section[key] is { Length: > 0 } text
        ? TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan value) ? value : throw Invalid(section, key, text, "a time span such as 00:00:30")
        : null;

    private static InvalidOperationException Invalid(IConfiguration section, string key, string value, string expected)
    {
        string path = section is IConfigurationSection s ? s.Path + ":" + key : key;
        return new InvalidOperationException($"Configuration value '{path}' = '{value}' is not {expected}.");
    }
}
