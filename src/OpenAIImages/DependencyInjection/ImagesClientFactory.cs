using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAIImages.Http;

namespace OpenAIImages.DependencyInjection;

/// <summary>The names registered with <c>AddImagesClient</c>.</summary>
internal sealed class ImagesClientNames
{
    public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

    public static string HttpClientName(string name) => name.Length == 0 ? "OpenAIImages" : "OpenAIImages:" + name;
}

/// <summary>Builds clients from the named options, a pooled <see cref="HttpClient"/> and one pipeline per name.</summary>
internal sealed class ImagesClientFactory(
    IHttpClientFactory httpClients,
    IOptionsMonitor<ImagesClientOptions> options,
    IOptions<ImagesClientNames> names,
    ILoggerFactory loggers) : IImagesClientFactory
{
    private readonly ConcurrentDictionary<string, ImagesPipeline> _pipelines = new(StringComparer.Ordinal);

    public ImagesClient CreateClient(string name)
    {
        if (name is null || !names.Value.Names.Contains(name))
        {
            string known = string.Join(", ", names.Value.Names.Select(n => n.Length == 0 ? "(unnamed)" : n));
            throw new InvalidOperationException($"No images client named '{name}' was registered; call services.AddImagesClient(\"{name}\", …). Registered: {known}.");
        }

        ImagesClientOptions settings = options.Get(name);
        ILogger logger = loggers.CreateLogger<ImagesClient>();
        ImagesPipeline pipeline = _pipelines.GetOrAdd(name, _ => new ImagesPipeline(settings, logger));
        return new ImagesClient(httpClients.CreateClient(ImagesClientNames.HttpClientName(name)), settings, pipeline, logger);
    }
}

/// <summary>Checks <see cref="ImagesClientOptions"/> when they are built, and at start-up with <c>ValidateOnStart</c>.</summary>
internal sealed class ImagesClientOptionsValidator : IValidateOptions<ImagesClientOptions>
{
    public ValidateOptionsResult Validate(string? name, ImagesClientOptions options)
    {
        IReadOnlyList<string> problems = options.Validate();
        string label = string.IsNullOrEmpty(name) ? "the images client" : $"the images client '{name}'";
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems.Select(p => $"Settings of {label}: {p}"));
    }
}
