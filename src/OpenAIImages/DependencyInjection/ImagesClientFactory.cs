using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAIImages.Diagnostics;
using OpenAIImages.Pipeline;

namespace OpenAIImages.DependencyInjection;

/// <summary>The names registered with <c>AddImagesClient</c>.</summary>
internal sealed class ImagesClientNames
{
    public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the configuration path of each name registered from a section, so problems are named by their keys.</summary>
    public Dictionary<string, string> SectionPaths { get; } = new(StringComparer.Ordinal);

    public static string HttpClientName(string name) => name.Length == 0 ? "OpenAIImages" : "OpenAIImages:" + name;
}

/// <summary>Builds clients from the named options, a pooled <see cref="HttpClient"/> and one shared core (pipeline, limiter, log) per name.</summary>
/// <remarks>
/// A name's core is rebuilt when its options change (a reloaded configuration gives <see cref="IOptionsMonitor{TOptions}"/>
/// a new instance), so the next client resolved uses the new settings; clients already made keep theirs.
/// </remarks>
internal sealed class ImagesClientFactory(
    IHttpClientFactory httpClients,
    IOptionsMonitor<ImagesClientOptions> options,
    IOptions<ImagesClientNames> names,
    ILoggerFactory loggers) : IImagesClientFactory
{
    private readonly Dictionary<string, (ImagesClientOptions Source, ImagesClientCore Core)> _cores = new(StringComparer.Ordinal);

    public ImagesClient CreateClient(string name)
    {
        if (name is null || !names.Value.Names.Contains(name))
        {
            string known = string.Join(", ", names.Value.Names.Select(n => n.Length == 0 ? "(unnamed)" : n));
            throw new InvalidOperationException($"No images client named '{name}' was registered; call services.AddImagesClient(\"{name}\", …). Registered: {known}.");
        }

        ImagesClientOptions settings = options.Get(name);
        ImagesClientCore core;
        lock (_cores)
        {
            if (!_cores.TryGetValue(name, out var current) || !ReferenceEquals(current.Source, settings))
            {
                current = (settings, ImagesClientCore.Create(settings, Loggers.For<ImagesClient>(loggers)));
                _cores[name] = current;
            }

            core = current.Core;
        }

        return new ImagesClient(httpClients.CreateClient(ImagesClientNames.HttpClientName(name)), core);
    }
}

/// <summary>Checks <see cref="ImagesClientOptions"/> when they are built, and at start-up with <c>ValidateOnStart</c>.</summary>
internal sealed class ImagesClientOptionsValidator(IOptions<ImagesClientNames> names) : IValidateOptions<ImagesClientOptions>
{
    public ValidateOptionsResult Validate(string? name, ImagesClientOptions options)
    {
        var problems = new List<string>(options.ConfigurationProblems);
        names.Value.SectionPaths.TryGetValue(name ?? string.Empty, out string? path);
        foreach (string problem in options.Validate())
        {
            problems.Add(path is null ? problem : ConfigurationKeys.Rename(problem, path));
        }

        string label = string.IsNullOrEmpty(name) ? "the images client" : $"the images client '{name}'";
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems.Select(p => $"Settings of {label}: {p}"));
    }
}
