using System;
using OpenAIImages.Batches;

namespace OpenAIImages.Costs;

/// <summary>
/// What a batch's lines share, gathered one line at a time as they are checked (none is held): the model, and, for
/// DALL·E answers (which report no usage), the size and quality. Lines of different sizes or qualities cannot be told
/// apart in the output, so their price is unknown.
/// </summary>
internal sealed class BatchLineTally
{
    // No price table has this size or quality: an answer that needs them is unknown.
    private const string Mixed = "(mixed)";

    private int _count;

    /// <summary>Gets whether every line sends one model (and there is at least one line).</summary>
    public bool SharesModel { get; private set; } = true;

    /// <summary>Gets the model every line sends.</summary>
    public string? Model { get; private set; }

    /// <summary>Gets the size every line asks for, or a value no table prices when they differ.</summary>
    public string? Size { get; private set; }

    /// <summary>Gets the quality every line asks for, or a value no table prices when they differ.</summary>
    public string? Quality { get; private set; }

    /// <summary>Adds one line and the model it sends.</summary>
    public void Add(ImagesBatchRequest line, string? model)
    {
        ImageRequestOptions? request = line.Edit as ImageRequestOptions ?? line.Generation;
        string? size = request?.Size?.Value;
        string? quality = request?.Quality?.Value;
        if (_count++ == 0)
        {
            (Model, Size, Quality) = (model, size, quality);
            return;
        }

        SharesModel &= string.Equals(model, Model, StringComparison.Ordinal);
        Size = string.Equals(size, Size, StringComparison.Ordinal) ? Size : Mixed;
        Quality = string.Equals(quality, Quality, StringComparison.Ordinal) ? Quality : Mixed;
    }
}
