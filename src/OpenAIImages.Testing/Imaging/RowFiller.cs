using System;

namespace OpenAIImages.Testing.Imaging;

/// <summary>Fills one row of pixel bytes.</summary>
/// <param name="y">The row index, from the top.</param>
/// <param name="row">The row's pixel bytes to fill.</param>
internal delegate void RowFiller(int y, Span<byte> row);
