using System.Text.RegularExpressions;

namespace OpenAIImages.DependencyInjection;

/// <summary>Names a setting as the configuration a user wrote it in: <c>ImagesClientOptions.Retry.MaxDelay</c> becomes <c>'OpenAIImages:Retry:MaxDelay'</c>.</summary>
internal static class ConfigurationKeys
{
    private static readonly Regex Setting = new(@"ImagesClientOptions\.([A-Za-z]+(?:\.[A-Za-z]+)*)", RegexOptions.CultureInvariant, System.TimeSpan.FromSeconds(1));

    /// <summary>The problem with each setting it names written as its configuration key below <paramref name="sectionPath"/>.</summary>
    public static string Rename(string problem, string sectionPath) =>
        Setting.Replace(problem, match => "'" + (sectionPath.Length == 0 ? string.Empty : sectionPath + ":") + match.Groups[1].Value.Replace('.', ':') + "'");
}
