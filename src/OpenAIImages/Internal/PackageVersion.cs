using System.Reflection;

namespace OpenAIImages.Internal;

/// <summary>The package's version, read once from the assembly, for the User-Agent and the telemetry's source and meter.</summary>
internal static class PackageVersion
{
    /// <summary>Gets the informational version as built (<c>1.2.3+commit</c>), or null when the assembly has none.</summary>
    public static string? Informational { get; } = typeof(PackageVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
}
