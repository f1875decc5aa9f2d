using System.Globalization;

namespace OpenAIImages.Catalog;

/// <summary>The whole numbers a parameter takes, both ends included.</summary>
/// <param name="Min">The smallest value taken.</param>
/// <param name="Max">The largest value taken.</param>
internal readonly record struct IntRange(int Min, int Max)
{
    public bool Contains(int value) => value >= Min && value <= Max;

    /// <summary>Returns the range as error messages write it: <c>1 to 10</c>.</summary>
    public override string ToString() =>
        Min.ToString(CultureInfo.InvariantCulture) + " to " + Max.ToString(CultureInfo.InvariantCulture);
}
