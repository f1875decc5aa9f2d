namespace OpenAIImages.Diagnostics;

/// <summary>
/// The names the client's telemetry uses: the GenAI semantic conventions' where they have one (as Microsoft.Extensions.AI
/// applies them to images), and <c>openaiimages.*</c> for what is this client's own.
/// </summary>
internal static class TelemetryNames
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> and of the <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string SourceName = "OpenAIImages";

    // Images are "generate_content" in the conventions, whichever endpoint made them; the endpoint has a tag of its own.
    public const string GenerateContent = "generate_content";
    public const string ProviderOpenAI = "openai";

    public const string ProviderAzure = "azure.ai.openai";
    public const string OutputImage = "image";
    public const string TokenInput = "input";
    public const string TokenOutput = "output";

    public const string OperationName = "gen_ai.operation.name";
    public const string ProviderName = "gen_ai.provider.name";
    public const string RequestModel = "gen_ai.request.model";
    public const string RequestChoiceCount = "gen_ai.request.choice.count";
    public const string OutputType = "gen_ai.output.type";
    public const string InputMessages = "gen_ai.input.messages";
    public const string UsageInputTokens = "gen_ai.usage.input_tokens";
    public const string UsageOutputTokens = "gen_ai.usage.output_tokens";
    public const string TokenType = "gen_ai.token.type";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string ErrorType = "error.type";
    public const string HttpStatusCode = "http.response.status_code";

    public const string Operation = "openaiimages.operation";
    public const string RetryEvent = "openaiimages.retry";
    public const string RetryAttempt = "openaiimages.retry.attempt";
    public const string RetryDelay = "openaiimages.retry.delay";
    public const string RateLimitWaitEvent = "openaiimages.rate_limit.wait";
    public const string RateLimitImages = "openaiimages.rate_limit.images";
    public const string RateLimitWaitDuration = "openaiimages.rate_limit.wait.duration";
    public const string CostCurrency = "openaiimages.cost.currency";

    public const string OperationDurationMetric = "gen_ai.client.operation.duration";
    public const string TokenUsageMetric = "gen_ai.client.token.usage";
    public const string ImagesMetric = "openaiimages.client.images";
    public const string RateLimitWaitsMetric = "openaiimages.client.rate_limit.waits";
    public const string CostMetric = "openaiimages.client.cost";
}
