using System;

namespace OpenAIImages.Testing.Engine;

/// <summary>The service's key checks: OpenAI's <c>Authorization: Bearer</c> and Azure's <c>api-key</c> or Entra ID token, with their 401 wordings.</summary>
internal sealed class Credentials
{
    private const string AzureAccessDenied =
        "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.";

    private readonly bool _requireApiKey;
    private readonly string? _apiKey;

    public Credentials(bool requireApiKey, string? apiKey)
    {
        _requireApiKey = requireApiKey;
        _apiKey = apiKey;
    }

    /// <summary>Azure's check: a key in <c>api-key</c> (the one set, if any), else any Entra ID token as <c>Authorization: Bearer</c>.</summary>
    public void CheckAzure(EngineRequest request)
    {
        if (!_requireApiKey)
        {
            return;
        }

        if (request.Header("api-key") is { } key && key.Trim().Length > 0)
        {
            if (_apiKey is { } expected && !string.Equals(key.Trim(), expected, StringComparison.Ordinal))
            {
                throw ApiErrorException.Azure(401, "401", AzureAccessDenied);
            }

            return;
        }

        string? authorization = request.Header("Authorization")?.Trim();
        const string Bearer = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) || authorization[Bearer.Length..].Trim().Length == 0)
        {
            throw ApiErrorException.Azure(401, "401", AzureAccessDenied);
        }
    }

    public void Check(EngineRequest request)
    {
        if (!_requireApiKey)
        {
            return;
        }

        string? authorization = request.Header("Authorization");
        if (string.IsNullOrWhiteSpace(authorization))
        {
            throw new ApiErrorException(
                401,
                "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                null,
                "invalid_api_key");
        }

        // Any key is a key, spaces included ("My API Key" in openai-node's tests): only the Bearer prefix is taken off.
        const string Bearer = "Bearer ";
        string key = authorization.Trim();
        if (key.Equals(Bearer.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            key = string.Empty;
        }
        else if (key.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            key = key[Bearer.Length..].Trim();
        }

        if (key.Length == 0)
        {
            throw new ApiErrorException(
                401,
                "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                null,
                "invalid_api_key");
        }

        if (_apiKey is { } expected && !string.Equals(key, expected, StringComparison.Ordinal))
        {
            string shown = key.Length > 4 ? key[..4] + "***" : "***";
            throw new ApiErrorException(401, $"Incorrect API key provided: {shown}. You can find your API key at https://platform.openai.com/account/api-keys.", null, "invalid_api_key");
        }
    }
}
