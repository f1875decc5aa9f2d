using System;

namespace OpenAIImages.Testing;

/// <summary>Settings of an <see cref="ImagesEmulator"/>.</summary>
/// <remarks>Read once when the emulator is created; later changes to this instance have no effect.</remarks>
public sealed class ImagesEmulatorOptions
{
    /// <summary>Gets or sets whether requests must carry <c>Authorization: Bearer &lt;key&gt;</c>; default <see langword="true"/>.</summary>
    /// <remarks>When on, a missing or malformed header is answered 401 with code <c>invalid_api_key</c>, as the real service does.</remarks>
    public bool RequireApiKey { get; set; } = true;

    /// <summary>Gets or sets the only API key accepted; default <see langword="null"/> (any non-empty key is accepted).</summary>
    /// <remarks>Set it to test how your code reacts to a wrong key (401 <c>invalid_api_key</c>). Ignored when <see cref="RequireApiKey"/> is off.</remarks>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the clock used for <c>created</c> timestamps and <see cref="EmulatedFault.Delay(TimeSpan)"/> faults; default <see cref="TimeProvider.System"/>.</summary>
    /// <remarks>Use a fake time provider for deterministic timestamps in in-process tests.</remarks>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
