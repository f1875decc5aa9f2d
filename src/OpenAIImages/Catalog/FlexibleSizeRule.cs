namespace OpenAIImages.Catalog;

/// <summary>A rule for custom <c>WIDTHxHEIGHT</c> sizes.</summary>
/// <param name="EdgeMultiple">Both edges must be multiples of this.</param>
/// <param name="MaxAspectRatio">The longer edge may be at most this many times the shorter.</param>
/// <param name="MaxEdge">The longest edge allowed.</param>
/// <param name="MinPixels">The fewest total pixels.</param>
/// <param name="MaxPixels">The most total pixels.</param>
internal sealed record FlexibleSizeRule(int EdgeMultiple, int MaxAspectRatio, int MaxEdge, long MinPixels, long MaxPixels);
