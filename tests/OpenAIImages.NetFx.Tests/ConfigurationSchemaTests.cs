using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenAIImages.NetFx.Tests.Support;

namespace OpenAIImages.NetFx.Tests;

/// <summary>
/// The appsettings schema shipped in the OpenAIImages package (packaging/OpenAIImages.appsettings.schema.json) against
/// what <c>AddImagesClient(configuration)</c> really reads: the same keys, and defaults that are the options' defaults.
/// </summary>
public sealed class ConfigurationSchemaTests
{
    /// <summary>Reads the schema's "OpenAIImages" section from beside the test assembly (CodeBase: where it was built, also when a runner shadow-copies it).</summary>
    private static JsonElement LoadSection()
    {
        string directory = Path.GetDirectoryName(new Uri(typeof(ConfigurationSchemaTests).Assembly.CodeBase).LocalPath)!;
        using JsonDocument schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "OpenAIImages.appsettings.schema.json")));
        return schema.RootElement.GetProperty("properties").GetProperty("OpenAIImages").Clone();
    }

    /// <summary>Every key the schema allows, as configuration paths; a map of free keys is <c>path:*</c>.</summary>
    private static IEnumerable<(string Path, JsonElement Schema)> SchemaKeys(JsonElement node, string prefix)
    {
        foreach (JsonProperty property in node.GetProperty("properties").EnumerateObject())
        {
            string path = prefix + property.Name;
            if (property.Value.TryGetProperty("properties", out _))
            {
                foreach ((string Path, JsonElement Schema) inner in SchemaKeys(property.Value, path + ":"))
                {
                    yield return inner;
                }
            }
            else if (property.Value.TryGetProperty("additionalProperties", out JsonElement free) && free.ValueKind == JsonValueKind.Object)
            {
                yield return (path + ":*", property.Value);
            }
            else
            {
                yield return (path, property.Value);
            }
        }
    }

    private static ImagesClientOptions Bind(RecordingConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddImagesClient(configuration);
        using ServiceProvider provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptionsMonitor<ImagesClientOptions>>().Get(Options.DefaultName);
    }

    [Fact]
    public void The_schema_lists_exactly_the_keys_the_binder_reads()
    {
        var configuration = new RecordingConfiguration(new Dictionary<string, string>
        {
            ["ApiKey"] = "sk-test-schema",
            ["RateLimits:ImagesPerMinute:gpt-image-2"] = "20",
        });

        ImagesClientOptions options = Bind(configuration);

        Assert.Equal(20, options.RateLimits.ImagesPerMinute["gpt-image-2"]);
        string[] schema = SchemaKeys(LoadSection(), string.Empty).Select(k => k.Path).OrderBy(p => p, StringComparer.Ordinal).ToArray();
        Assert.Equal(schema, configuration.ReadWith(schema.Where(p => p.EndsWith(":*", StringComparison.Ordinal)).ToList()).OrderBy(p => p, StringComparer.Ordinal));
    }

    [Fact]
    public void The_schemas_defaults_bind_to_the_options_own_defaults()
    {
        var values = SchemaKeys(LoadSection(), string.Empty)
            .Where(k => k.Schema.TryGetProperty("default", out _))
            .ToDictionary(k => k.Path, k => k.Schema.GetProperty("default") is var d && d.ValueKind == JsonValueKind.String ? d.GetString()! : d.GetRawText());
        values["ApiKey"] = "sk-test-schema";
        var defaults = new ImagesClientOptions();

        ImagesClientOptions bound = Bind(new RecordingConfiguration(values));

        Assert.Equal(20, values.Count); // 19 defaults in the schema, and the key
        Assert.Null(bound.Azure); // an api-version or a scope alone does not make the client an Azure one
        Assert.Equal(defaults.EnableSensitiveTelemetryData, bound.EnableSensitiveTelemetryData);
        Assert.Equal(defaults.BaseAddress, bound.BaseAddress);
        Assert.Equal(defaults.ValidateRequests, bound.ValidateRequests);
        Assert.Equal(defaults.AttemptTimeout, bound.AttemptTimeout);
        Assert.Equal(defaults.Timeout, bound.Timeout);
        Assert.Equal(defaults.DownloadTimeout, bound.DownloadTimeout);
        Assert.Equal(defaults.Retry.MaxRetries, bound.Retry.MaxRetries);
        Assert.Equal(defaults.Retry.BaseDelay, bound.Retry.BaseDelay);
        Assert.Equal(defaults.Retry.MaxDelay, bound.Retry.MaxDelay);
        Assert.Equal(defaults.Retry.MaxServerDelay, bound.Retry.MaxServerDelay);
        Assert.Equal(defaults.Retry.UseJitter, bound.Retry.UseJitter);
        Assert.Equal(defaults.RateLimits.MaxWait, bound.RateLimits.MaxWait);
        Assert.Equal(defaults.RateLimits.PartitionByUser, bound.RateLimits.PartitionByUser);
        Assert.Equal(defaults.RateLimits.PaceByServerHeaders, bound.RateLimits.PaceByServerHeaders);
        Assert.Equal(defaults.Budgets.Period, bound.Budgets.Period);
        Assert.Equal(defaults.Budgets.Window, bound.Budgets.Window);
        Assert.Equal(defaults.Budgets.AllowUnknownCost, bound.Budgets.AllowUnknownCost);
    }
}
