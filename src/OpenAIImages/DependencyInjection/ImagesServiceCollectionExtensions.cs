using System;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenAIImages;
using OpenAIImages.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="ImagesClient"/> with <see cref="IServiceCollection"/> and <c>IHttpClientFactory</c>.</summary>
/// <remarks>
/// The client's pipeline, outermost first: overall timeout, client-side rate limiter, retry, per-attempt timeout, then
/// the <see cref="System.Net.Http.HttpClient"/> from <c>IHttpClientFactory</c> with whatever handlers you add to the
/// returned builder. Settings are validated when first used and, with a host, at start-up.
/// </remarks>
public static class ImagesServiceCollectionExtensions
{
    /// <summary>Registers the unnamed <see cref="ImagesClient"/> with settings from code.</summary>
    /// <remarks>
    /// As for a section, what the code leaves unset comes from the environment: <c>OPENAI_API_KEY</c>,
    /// <c>OPENAI_BASE_URL</c>, <c>OPENAI_ORG_ID</c>, <c>OPENAI_PROJECT_ID</c> (for Azure, <c>AZURE_OPENAI_ENDPOINT</c>,
    /// <c>AZURE_OPENAI_API_KEY</c>, <c>OPENAI_API_VERSION</c>). What the code sets wins.
    /// </remarks>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options, for example the API key.</param>
    /// <returns>The builder of the client's <see cref="System.Net.Http.HttpClient"/>, to add handlers.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IHttpClientBuilder AddImagesClient(this IServiceCollection services, Action<ImagesClientOptions> configure) =>
        AddImagesClient(services, Options.Options.DefaultName, configure);

    /// <summary>Registers the unnamed <see cref="ImagesClient"/> with settings from a configuration section (keys as the option names, for example <c>ApiKey</c>, <c>Retry:MaxRetries</c>).</summary>
    /// <remarks>
    /// What the section leaves unset comes from the environment, as for settings from code (<c>OPENAI_API_KEY</c>,
    /// <c>OPENAI_BASE_URL</c>, <c>OPENAI_ORG_ID</c>, <c>OPENAI_PROJECT_ID</c>). A key the client does not know (a typo such
    /// as <c>DefaultModle</c>) or a value it cannot read fails validation on start, named by its configuration path. When
    /// the configuration reloads, the next client resolved uses the new settings.
    /// </remarks>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section, for example <c>configuration.GetSection("OpenAIImages")</c>.</param>
    /// <returns>The builder of the client's <see cref="System.Net.Http.HttpClient"/>, to add handlers.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IHttpClientBuilder AddImagesClient(this IServiceCollection services, IConfiguration configuration) =>
        AddImagesClient(services, Options.Options.DefaultName, configuration);

    /// <summary>Registers an <see cref="ImagesClient"/> under <paramref name="name"/>, resolved with <see cref="IImagesClientFactory"/> or as a keyed service.</summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The client's name.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder of the client's <see cref="System.Net.Http.HttpClient"/>, to add handlers.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IHttpClientBuilder AddImagesClient(this IServiceCollection services, string name, Action<ImagesClientOptions> configure)
    {
        if (configure is null)
        {
            throw new ArgumentNullException(nameof(configure));
        }

        // Whatever the code leaves unset comes from the environment, as for a section (one rule for every registration).
        return Register(services, name, builder => builder.Configure(configure).PostConfigure(options => ImagesClientOptionsBinder.FillFromEnvironment(null, options)));
    }

    /// <summary>Registers an <see cref="ImagesClient"/> under <paramref name="name"/> with settings from a configuration section.</summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The client's name.</param>
    /// <param name="configuration">The section.</param>
    /// <returns>The builder of the client's <see cref="System.Net.Http.HttpClient"/>, to add handlers.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IHttpClientBuilder AddImagesClient(this IServiceCollection services, string name, IConfiguration configuration)
    {
        if (configuration is null)
        {
            throw new ArgumentNullException(nameof(configuration));
        }

        // The section's reload token tells IOptionsMonitor to rebuild the options, so a changed appsettings.json reaches
        // the next client resolved.
        services.AddSingleton<IOptionsChangeTokenSource<ImagesClientOptions>>(new ConfigurationChangeTokenSource<ImagesClientOptions>(name, configuration));
        services.Configure<ImagesClientNames>(names => names.SectionPaths[name ?? string.Empty] = (configuration as IConfigurationSection)?.Path ?? string.Empty);
        return Register(services, name, builder => builder.Configure(options =>
        {
            ImagesClientOptionsBinder.Bind(configuration, options);
            ImagesClientOptionsBinder.FillFromEnvironment(configuration, options);
        }));
    }

    private static IHttpClientBuilder Register(IServiceCollection services, string name, Action<OptionsBuilder<ImagesClientOptions>> configure)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        OptionsBuilder<ImagesClientOptions> options = services.AddOptions<ImagesClientOptions>(name);
        configure(options);
        options.ValidateOnStart();
        services.Configure<ImagesClientNames>(names => names.Names.Add(name));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ImagesClientOptions>, ImagesClientOptionsValidator>());
        services.TryAddSingleton<IImagesClientFactory, ImagesClientFactory>();
        if (name.Length == 0)
        {
            services.TryAddTransient(sp => sp.GetRequiredService<IImagesClientFactory>().CreateClient(string.Empty));
        }
        else
        {
            services.AddKeyedTransient(name, (sp, _) => sp.GetRequiredService<IImagesClientFactory>().CreateClient(name));
        }

        // IHttpClientFactory's clients time out after 100 s by default, which would cut in before the client's own
        // AttemptTimeout and Timeout (minutes: high-quality images take that long); those limits govern instead.
        return services.AddHttpClient(ImagesClientNames.HttpClientName(name))
            .ConfigureHttpClient(static http => http.Timeout = System.Threading.Timeout.InfiniteTimeSpan);
    }
}
