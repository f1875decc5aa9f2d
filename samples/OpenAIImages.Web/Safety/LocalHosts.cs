using System;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Configuration;

namespace OpenAIImages.Web.Safety;

/// <summary>
/// The <c>Host</c> names the app answers (<c>AllowedHosts</c>, separated by <c>;</c>): by default only this machine's,
/// so a page of another site whose name is made to resolve to 127.0.0.1 (DNS rebinding) gets a 400, not the API key's work.
/// </summary>
internal static class LocalHosts
{
    /// <summary>The configuration key, as ASP.NET Core names it.</summary>
    public const string ConfigurationKey = "AllowedHosts";

    // The names of this machine: what the app allows when AllowedHosts is not set.
    private static readonly string[] Defaults = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>Gets whether <paramref name="options"/> let any name through (<c>*</c>), which the app warns about.</summary>
    public static bool AllowsAny(HostFilteringOptions options) => options.AllowedHosts.Contains("*");

    /// <summary>Sets <paramref name="options"/> from <c>AllowedHosts</c>, or to this machine's names (<c>localhost</c>, <c>127.0.0.1</c>, <c>[::1]</c>) when it is not set.</summary>
    public static void Configure(HostFilteringOptions options, IConfiguration configuration)
    {
        string[] configured = (configuration[ConfigurationKey] ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        options.AllowedHosts = configured.Length > 0 ? configured : [.. Defaults];

        // HTTP/1.1 requires a Host header; a request without one has no name to check.
        options.AllowEmptyHosts = false;
        options.IncludeFailureMessage = false;
    }
}
