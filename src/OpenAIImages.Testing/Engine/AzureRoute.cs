using System;

namespace OpenAIImages.Testing.Engine;

/// <summary>
/// An Azure OpenAI path taken apart: the deployment form, <c>/openai/deployments/{deployment}/images/…?api-version=…</c>,
/// or the v1 form, <c>/openai/v1/images/…</c>, whose deployment is the body's <c>model</c>.
/// </summary>
/// <param name="Operation">The rest of the path, as OpenAI's API names it after <c>/v1</c>, such as <c>/images/generations</c>.</param>
/// <param name="Deployment">The deployment from the path; null for the v1 form.</param>
/// <param name="ApiVersion">The <c>api-version</c> query parameter; null when absent or empty.</param>
internal sealed record AzureRoute(string Operation, string? Deployment, string? ApiVersion)
{
    private const string DeploymentsPrefix = "/openai/deployments/";
    private const string V1Prefix = "/openai/v1/";

    /// <summary>Gets whether the request used the v1 form.</summary>
    public bool IsV1 => Deployment is null;

    /// <summary>Takes <paramref name="path"/> apart; null when it is neither of Azure's forms.</summary>
    public static AzureRoute? Parse(string path, string query)
    {
        if (path.StartsWith(V1Prefix, StringComparison.Ordinal))
        {
            return new AzureRoute(path[(V1Prefix.Length - 1)..], null, ApiVersionOf(query));
        }

        if (!path.StartsWith(DeploymentsPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        int slash = path.IndexOf('/', DeploymentsPrefix.Length);
        if (slash <= DeploymentsPrefix.Length)
        {
            return null;
        }

        string deployment = Uri.UnescapeDataString(path[DeploymentsPrefix.Length..slash]);
        return new AzureRoute(path[slash..], deployment, ApiVersionOf(query));
    }

    private static string? ApiVersionOf(string query)
    {
        foreach (string pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            string name = Uri.UnescapeDataString((equals < 0 ? pair : pair[..equals]).Replace('+', ' '));
            if (name == "api-version" && equals >= 0 && Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' ')) is { Length: > 0 } version)
            {
                return version;
            }
        }

        return null;
    }
}
