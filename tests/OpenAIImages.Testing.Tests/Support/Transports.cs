using System.Collections.Generic;
using System.Linq;

namespace OpenAIImages.Testing.Tests.Support;

/// <summary>Theory data: every case once per transport.</summary>
internal static class Transports
{
    public static readonly TransportKind[] All = [TransportKind.InProcess, TransportKind.Kestrel];

    public static TheoryData<TransportKind> Each()
    {
        var data = new TheoryData<TransportKind>();
        foreach (TransportKind transport in All)
        {
            data.Add(transport);
        }

        return data;
    }

    public static IEnumerable<object[]> Cross(IEnumerable<object[]> cases) =>
        All.SelectMany(transport => cases.Select(c => new object[] { transport }.Concat(c).ToArray()));
}
