namespace OpenAIImages.Web.Json;

/// <summary>What the page says about where requests go (<c>GET /api/status</c>); no key, no URL.</summary>
/// <param name="Offline">Whether the app runs on the built-in emulator.</param>
/// <param name="Server">The host requests go to, or the emulator's name.</param>
/// <param name="Notice">The sentence the page shows about it.</param>
/// <param name="MaxFileBytes">The size an edit's image or mask must stay under, which the page checks before it uploads.</param>
internal sealed record BackendStatus(bool Offline, string Server, string Notice, long MaxFileBytes);
