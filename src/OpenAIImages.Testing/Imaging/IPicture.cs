using System;

namespace OpenAIImages.Testing.Imaging;

/// <summary>A picture the encoders can write row by row: the prompt's gradient, an input-derived canvas, or a coarser copy of either.</summary>
internal interface IPicture
{
    int Width { get; }

    int Height { get; }

    /// <summary>Gets whether the picture has an alpha channel worth writing.</summary>
    bool Transparent { get; }

    /// <summary>Gets the gradient an SVG answer draws for this picture (SVG is vector: it shows the prompt's colours, not the input's pixels).</summary>
    Gradient Outline { get; }

    /// <summary>Gets the number of positions an animation frame shift wraps at.</summary>
    int Steps { get; }

    /// <summary>Fills row <paramref name="y"/> with RGB (3 channels) or RGBA (4); <paramref name="shift"/> moves the picture for animation frames.</summary>
    void FillRow(int y, int shift, Span<byte> row, int channels);
}
