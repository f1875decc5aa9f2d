using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace OpenAIImages.Tests.Support;

/// <summary>A byte-exact HTTP request captured from OpenAI's Node SDK (ReferenceRequests/*.txt).</summary>
internal sealed class ReferenceRequest
{
    private ReferenceRequest(string requestLine, Dictionary<string, string> headers, byte[] body)
    {
        RequestLine = requestLine;
        Headers = headers;
        Body = body;
    }

    public string RequestLine { get; }

    public IReadOnlyDictionary<string, string> Headers { get; }

    public byte[] Body { get; }

    public string? Boundary => Headers.TryGetValue("content-type", out string? type) && type.Contains("boundary=", StringComparison.Ordinal)
        ? type[(type.IndexOf("boundary=", StringComparison.Ordinal) + 9)..]
        : null;

    public static ReferenceRequest Load(string name)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "ReferenceRequests", name));
        int split = IndexOf(bytes, "\r\n\r\n"u8.ToArray());
        string[] head = Encoding.ASCII.GetString(bytes, 0, split).Split("\r\n");
        var headers = head.Skip(1).Select(l => l.Split(": ", 2)).ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        return new ReferenceRequest(head[0], headers, bytes[(split + 4)..]);
    }

    public static int IndexOf(byte[] data, byte[] pattern, int start = 0)
    {
        for (int i = start; i <= data.Length - pattern.Length; i++)
        {
            if (data.AsSpan(i, pattern.Length).SequenceEqual(pattern))
            {
                return i;
            }
        }

        return -1;
    }
}
