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

    /// <summary>Gets or sets whether requests must carry <c>Authorization: Bearer &lt;key&gt;</c>; default <see langword="true"/>.</summary>
    /// <remarks>When on, a missing or empty header (or <c>Bearer</c> with no key) is answered 401 with code <c>invalid_api_key</c>, as the real service does; any other key is accepted, spaces included.</remarks>
    public bool RequireApiKey { get; set; } = true;

    /// <summary>Gets or sets the only API key accepted; default <see langword="null"/> (any non-empty key is accepted).</summary>
    /// <remarks>Set it to test how your code reacts to a wrong key (401 <c>invalid_api_key</c>). Ignored when <see cref="RequireApiKey"/> is off.</remarks>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the clock used for <c>created</c> timestamps and <see cref="EmulatedFault.Delay(TimeSpan)"/> faults; default <see cref="TimeProvider.System"/>.</summary>
    /// <remarks>Use a fake time provider for deterministic timestamps in in-process tests.</remarks>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets how long an emulated batch takes on <see cref="TimeProvider"/> before it completes; default 10 minutes.</summary>
    /// <remarks>A batch completes at the first retrieval after this delay or on its <see cref="BatchPollsToComplete"/>th retrieval, whichever comes first.</remarks>
    public TimeSpan BatchCompletionDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets on which retrieval (<c>GET /v1/batches/{id}</c>) an emulated batch completes; default 3.</summary>
    /// <remarks>The retrievals before it show the batch <c>in_progress</c> with growing request counts.</remarks>
    public int BatchPollsToComplete { get; set; } = 3;

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
        if (ModelCatalog.BuiltInIds.Contains(id, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{id}' is a built-in model; it keeps its own rules.", nameof(id));
        }

        if (!ModelCatalog.BuiltInIds.Contains(followsRulesOf, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{followsRulesOf}' is not a built-in model; use one of {string.Join(", ", ModelCatalog.BuiltInIds)}.", nameof(followsRulesOf));
        }

        _customModels[id] = followsRulesOf;
        return this;
    }
}
