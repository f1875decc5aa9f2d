using System;
using System.Collections.Generic;
using OpenAIImages.Batches;

namespace OpenAIImages.Testing.Tests.Batches;

/// <summary>Keeps every report, in order, on the reporting thread (unlike <see cref="Progress{T}"/>, which posts them).</summary>
internal sealed class ListProgress : IProgress<ImagesBatch>
{
    public List<ImagesBatch> Reports { get; } = [];

    public void Report(ImagesBatch value) => Reports.Add(value);
}
