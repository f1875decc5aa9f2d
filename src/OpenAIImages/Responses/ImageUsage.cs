namespace OpenAIImages;

/// <summary>Tokens a GPT image model used for a request (<c>usage</c>).</summary>
/// <param name="InputTokens">Tokens in the prompt and input images (<c>input_tokens</c>).</param>
/// <param name="OutputTokens">Tokens in the output images (<c>output_tokens</c>).</param>
/// <param name="TotalTokens">Input plus output (<c>total_tokens</c>).</param>
/// <param name="InputTokensDetails">The input tokens by kind (<c>input_tokens_details</c>), when given.</param>
/// <param name="OutputTokensDetails">The output tokens by kind (<c>output_tokens_details</c>), when given.</param>
public sealed record ImageUsage(
    int InputTokens,
    int OutputTokens,
    int TotalTokens,
    ImageTokenDetails? InputTokensDetails,
    ImageTokenDetails? OutputTokensDetails);

/// <summary>Tokens by kind.</summary>
/// <param name="TextTokens">Text tokens (<c>text_tokens</c>).</param>
/// <param name="ImageTokens">Image tokens (<c>image_tokens</c>).</param>
public sealed record ImageTokenDetails(int TextTokens, int ImageTokens);
