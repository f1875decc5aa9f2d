using System;
using System.Collections.Generic;
using System.Linq;
using OpenAIImages.Testing.Rules;

namespace OpenAIImages.Testing;

/// <summary>Settings of an <see cref="ImagesEmulator"/>.</summary>
/// <remarks>Read once when the emulator is created; later changes to this instance have no effect.</remarks>
public sealed class ImagesEmulatorOptions
{
    private readonly Dictionary<string, string> _customModels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _deployments = new(StringComparer.Ordinal);
    private int? _maxRecordedRequests = 10_000;

    /// <summary>Gets or sets whether the emulator serves Azure OpenAI's API instead of OpenAI's; default <see langword="false"/>.</summary>
    /// <remarks>
    /// <para>
    /// In Azure mode it serves both of Azure's URL forms: the deployment form,
    /// <c>/openai/deployments/{deployment}/images/{generations|edits|variations}?api-version=…</c> (without an
    /// <c>api-version</c> it answers 404 <c>Resource not found</c>, as Azure does), and the v1 form,
    /// <c>/openai/v1/images/…</c>, whose <c>model</c> field names the deployment. A deployment serves the model
    /// <see cref="AddDeployment(string, string)"/> gave it, else the model of the same id; any other name is answered
    /// 404 <c>DeploymentNotFound</c>. OpenAI's <c>/v1/images/…</c> paths are not served.
    /// </para>
    /// <para>
    /// A key comes in the <c>api-key</c> header (checked against <see cref="ApiKey"/> when set), or a Microsoft Entra ID
    /// token as <c>Authorization: Bearer</c> (any non-empty token is accepted); with neither, or a wrong key, the answer
    /// is Azure's 401 <c>Access denied due to invalid subscription key or wrong API endpoint…</c>. Every image of a JSON
    /// answer carries <c>content_filter_results</c> and <c>prompt_filter_results</c>, all categories safe;
    /// <see cref="EmulatedFault.ContentFilter(string, string)"/> scripts a refusal. WebP output is refused (400), as Azure
    /// does not serve it. Answers carry <c>apim-request-id</c> and <c>x-ms-request-id</c> instead of <c>x-request-id</c>,
    /// and <see cref="EmulatorServer.BaseAddress"/> is the resource endpoint, such as <c>http://127.0.0.1:54321/</c>.
    /// </para>
    /// </remarks>
    public bool Azure { get; set; }

    /// <summary>Gets the Azure deployments registered with <see cref="AddDeployment(string, string)"/>, each with the model it serves.</summary>
    public IReadOnlyDictionary<string, string> Deployments => _deployments;

    /// <summary>Gets or sets where multipart file parts too large to keep in memory are buffered (deleted when the request is done); tests set their own.</summary>
    internal string UploadBufferDirectory { get; set; } = System.IO.Path.GetTempPath();

    /// <summary>Gets or sets whether requests must carry <c>Authorization: Bearer &lt;key&gt;</c>; default <see langword="true"/>.</summary>
    /// <remarks>When on, a missing or empty header (or <c>Bearer</c> with no key) is answered 401 with code <c>invalid_api_key</c>, as the real service does; any other key is accepted, spaces included.</remarks>
    public bool RequireApiKey { get; set; } = true;

    /// <summary>Gets or sets the only API key accepted; default <see langword="null"/> (any non-empty key is accepted).</summary>
    /// <remarks>Set it to test how your code reacts to a wrong key (401 <c>invalid_api_key</c>). Ignored when <see cref="RequireApiKey"/> is off.</remarks>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the clock of every time the emulator keeps: <c>created</c> timestamps, the <see cref="Latency"/>, <see cref="EmulatedFault.Delay(TimeSpan)"/> and <see cref="EmulatedFault.SlowBody(TimeSpan)"/> faults, <see cref="ImagesPerMinute"/> and batches; default <see cref="TimeProvider.System"/>.</summary>
    /// <remarks>Use a fake time provider (such as <c>FakeTimeProvider</c>) for deterministic timestamps, and to let a realistic latency or a rate limit pass at once in tests.</remarks>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets how long an emulated batch takes on <see cref="TimeProvider"/> before it completes; default 10 minutes.</summary>
    /// <remarks>A batch completes at the first retrieval after this delay or on its <see cref="BatchPollsToComplete"/>th retrieval, whichever comes first.</remarks>
    public TimeSpan BatchCompletionDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets on which retrieval (<c>GET /v1/batches/{id}</c>) an emulated batch completes; default 3.</summary>
    /// <remarks>The retrievals before it show the batch <c>in_progress</c> with growing request counts.</remarks>
    public int BatchPollsToComplete { get; set; } = 3;

    /// <summary>Gets or sets how many requests <see cref="ImagesEmulator.Requests"/> keeps, the newest; default 10,000; <see langword="null"/> keeps every one, 0 none.</summary>
    /// <remarks>
    /// A recorded request holds its headers and text fields (about 1.4 KB for a small generation), so an emulator that
    /// runs for long (a server for other processes, an offline tool's built-in one, 50,000 batch lines) would otherwise
    /// grow with every request. Tests that look at what was sent keep the default.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int? MaxRecordedRequests
    {
        get => _maxRecordedRequests;
        set
        {
            if (value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "MaxRecordedRequests must be 0 or more, or null to keep every request.");
            }

            _maxRecordedRequests = value;
        }
    }

    /// <summary>Gets or sets how long each request takes to answer, per model and quality, on <see cref="TimeProvider"/>; default <see cref="EmulatedLatency.None"/>.</summary>
    /// <remarks>
    /// A JSON answer waits the whole time before its status line; a streamed one sends its headers at once and its events
    /// spread through the time, partial images at even steps and the completed image at the end. Batch lines and image
    /// downloads take no time.
    /// </remarks>
    public EmulatedLatency Latency { get; set; } = EmulatedLatency.None;

    /// <summary>Gets the faults the first API requests get, in order, one each; <see cref="EmulatedFault.ParseSchedule(string)"/> reads them from text.</summary>
    /// <remarks>They are queued when the emulator is created, ahead of any <see cref="ImagesEmulator.FailNext(int, EmulatedFault)"/>.</remarks>
    public IList<EmulatedFault> FaultSchedule { get; } = new List<EmulatedFault>();

    /// <summary>Gets or sets the images each API key may have made per minute, as the service's per-key image limit; default <see langword="null"/> (no limit).</summary>
    /// <remarks>
    /// The budget refills evenly through the minute (a token bucket, as the service's limits). Every image answer carries
    /// <c>x-ratelimit-limit-images</c>, <c>x-ratelimit-remaining-images</c> and <c>x-ratelimit-reset-images</c> (a Go
    /// duration such as <c>12s</c>); a request for more images than remain is answered 429 with code
    /// <c>rate_limit_exceeded</c> and the service's <c>Rate limit reached for … on images per minute (IPM)</c> message.
    /// Keys are told apart by their <c>Authorization</c> or <c>api-key</c> header. Not applied in <see cref="Azure"/> mode.
    /// </remarks>
    public int? ImagesPerMinute { get; set; }

    /// <summary>Gets the custom model ids registered with <see cref="AddModel(string, string)"/>, each with the built-in model whose rules it follows.</summary>
    public IReadOnlyDictionary<string, string> CustomModels => _customModels;

    /// <summary>Registers a model id the emulator serves by the rules of a built-in model, for tests against compatible servers with their own model names (an Azure deployment, a proxy).</summary>
    /// <remarks>
    /// Without it, an id the emulator does not know is answered 400 <c>invalid_value</c> on <c>model</c>, as the live API
    /// answers. Registering the same id again replaces its rules.
    /// </remarks>
    /// <param name="id">The model id requests will name, for example <c>my-image-deployment</c>.</param>
    /// <param name="followsRulesOf">The built-in model whose limits and answers it gets, for example <c>gpt-image-2</c> or <c>dall-e-2</c>.</param>
    /// <returns>These options, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty or white space or already a built-in model, or <paramref name="followsRulesOf"/> is not a built-in model.</exception>
    public ImagesEmulatorOptions AddModel(string id, string followsRulesOf)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(followsRulesOf);
        if (ServiceModels.BuiltInIds.Contains(id, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{id}' is a built-in model; it keeps its own rules.", nameof(id));
        }

        if (!ServiceModels.BuiltInIds.Contains(followsRulesOf, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{followsRulesOf}' is not a built-in model; use one of {string.Join(", ", ServiceModels.BuiltInIds)}.", nameof(followsRulesOf));
        }

        _customModels[id] = followsRulesOf;
        return this;
    }

    /// <summary>Registers an Azure deployment and the model it serves, for <see cref="Azure"/> mode.</summary>
    /// <remarks>
    /// Without it, a deployment serves the model of the same id (a deployment named <c>gpt-image-1</c> serves
    /// gpt-image-1). Register a custom model with <see cref="AddModel(string, string)"/> before naming it here.
    /// Registering the same deployment again replaces its model.
    /// </remarks>
    /// <param name="deployment">The deployment name requests will use, for example <c>images-prod</c>.</param>
    /// <param name="model">The model it serves: a built-in model, such as <c>gpt-image-1</c> or <c>dall-e-3</c>, or a registered custom one.</param>
    /// <returns>These options, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="deployment"/> is empty, white space or has <c>/</c>, <c>?</c> or <c>#</c>, or <paramref name="model"/> is neither a built-in nor a registered model.</exception>
    public ImagesEmulatorOptions AddDeployment(string deployment, string model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deployment);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        if (deployment.IndexOfAny(['/', '?', '#']) >= 0)
        {
            throw new ArgumentException($"'{deployment}' is not a deployment name: it has '/', '?' or '#'.", nameof(deployment));
        }

        if (!ServiceModels.BuiltInIds.Contains(model, StringComparer.Ordinal) && !_customModels.ContainsKey(model))
        {
            throw new ArgumentException($"'{model}' is not a built-in or registered model; use one of {string.Join(", ", ServiceModels.BuiltInIds)} or register it with AddModel first.", nameof(model));
        }

        _deployments[deployment] = model;
        return this;
    }
}
