using System;
using System.Collections.Generic;
using System.ComponentModel.DataAnnotations;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Validation;

namespace OpenAIImages;

/// <summary>Settings for Azure OpenAI: the resource's endpoint, the deployment, the api-version and how to authenticate.</summary>
/// <remarks>
/// <para>
/// With <see cref="Deployment"/> set, requests go to the deployment form,
/// <c>{Endpoint}/openai/deployments/{Deployment}/images/{operation}?api-version={ApiVersion}</c>. Without it they go to
/// the v1 form, <c>{Endpoint}/openai/v1/images/{operation}</c>, whose <c>model</c> field carries the deployment name
/// (set it as the request's <see cref="ImageRequestOptions.Model"/> or <see cref="ImagesClientOptions.DefaultModel"/>).
/// </para>
/// <para>
/// A key (<see cref="ImagesClientOptions.ApiKey"/> or <see cref="ImagesClientOptions.ApiKeyProvider"/>) is sent as the
/// <c>api-key</c> header; a Microsoft Entra ID token from <see cref="TokenProvider"/> as <c>Authorization: Bearer</c>.
/// A deployment's name says nothing about its model, so requests are checked against <see cref="Model"/>'s rules and
/// Azure's own lifecycle dates; with no model named, only the rules every model shares apply.
/// </para>
/// </remarks>
public sealed class ImagesAzureOptions
{
    /// <summary>The api-version sent on the deployment form when none is set: the current generally available one.</summary>
    public const string DefaultApiVersion = "2024-10-21";

    /// <summary>The scope asked of Microsoft Entra ID for a token when none is set.</summary>
    public const string DefaultTokenScope = "https://cognitiveservices.azure.com/.default";

    /// <summary>Gets or sets the resource's endpoint, such as <c>https://my-resource.openai.azure.com/</c>.</summary>
    [AbsoluteUrl("https://my-resource.openai.azure.com/")]
    public Uri? Endpoint { get; set; }

    /// <summary>Gets or sets the deployment to call (the deployment form); null for the v1 form.</summary>
    [DeploymentName]
    public string? Deployment { get; set; }

    /// <summary>Gets or sets the <c>api-version</c> of the deployment form (default <see cref="DefaultApiVersion"/>); the v1 form takes none.</summary>
    [Required(ErrorMessage = "{0} must be set, such as " + DefaultApiVersion + "."), HeaderValue]
    public string ApiVersion { get; set; } = DefaultApiVersion;

    /// <summary>Gets or sets the model behind the deployment (for example <c>gpt-image-1</c>), whose rules requests are checked against.</summary>
    public ImageModel? Model { get; set; }

    /// <summary>
    /// Gets or sets a function that returns a Microsoft Entra ID access token for the scopes given, for each request
    /// (for example from <c>DefaultAzureCredential</c>); used instead of a key when set.
    /// </summary>
    public Func<IReadOnlyList<string>, CancellationToken, ValueTask<string>>? TokenProvider { get; set; }

    /// <summary>Gets or sets the scope asked for a token (default <see cref="DefaultTokenScope"/>).</summary>
    [Required(ErrorMessage = "{0} must be set, such as " + DefaultTokenScope + ".")]
    public string TokenScope { get; set; } = DefaultTokenScope;

    /// <summary>Reads Azure settings from the environment as openai-node's Azure client does: <c>AZURE_OPENAI_ENDPOINT</c> and <c>OPENAI_API_VERSION</c>.</summary>
    /// <returns>The settings, or null when <c>AZURE_OPENAI_ENDPOINT</c> is not set.</returns>
    /// <exception cref="FormatException"><c>AZURE_OPENAI_ENDPOINT</c> is not an absolute URL.</exception>
    public static ImagesAzureOptions? FromEnvironment()
    {
        if (Environment.GetEnvironmentVariable("AZURE_OPENAI_ENDPOINT") is not { Length: > 0 } endpoint)
        {
            return null;
        }

        if (!Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out Uri? uri))
        {
            throw new FormatException($"AZURE_OPENAI_ENDPOINT '{endpoint}' is not an absolute URL.");
        }

        var options = new ImagesAzureOptions { Endpoint = uri };
        if (Environment.GetEnvironmentVariable("OPENAI_API_VERSION") is { Length: > 0 } version)
        {
            options.ApiVersion = version.Trim();
        }

        return options;
    }

    internal ImagesAzureOptions Snapshot() => new()
    {
        Endpoint = Endpoint,
        Deployment = Deployment,
        ApiVersion = ApiVersion,
        Model = Model,
        TokenProvider = TokenProvider,
        TokenScope = TokenScope,
    };
}
