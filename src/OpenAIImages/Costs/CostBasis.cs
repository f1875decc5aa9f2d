namespace OpenAIImages.Costs;

/// <summary>What an estimate knew of the call, kept to price its answer: the model's prices and the size and quality sent.</summary>
/// <param name="Model">The model priced.</param>
/// <param name="Price">The model's prices, or null when it has none.</param>
/// <param name="Size">The size sent, or null for the model's default.</param>
/// <param name="Quality">The quality sent, or null for the model's default.</param>
internal sealed record CostBasis(string Model, ImageModelPrice? Price, string? Size, string? Quality);
