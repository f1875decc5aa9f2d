using System.Collections.Generic;

namespace OpenAIImages.Catalog;

/// <summary>Sizes a model takes: a fixed list, <c>auto</c>, and for the newest models any size within a rule.</summary>
/// <param name="Fixed">The listed sizes; empty with <paramref name="Flexible"/> null means any size.</param>
/// <param name="AllowsAuto">Whether <c>auto</c> is taken.</param>
/// <param name="Flexible">A rule for custom sizes, or null when only the listed sizes are taken.</param>
internal sealed record SizeRule(IReadOnlyList<string> Fixed, bool AllowsAuto, FlexibleSizeRule? Flexible)
{
    public static SizeRule AnySize { get; } = new([], true, null);

    public bool IsOpen => Fixed.Count == 0 && Flexible is null;
}
