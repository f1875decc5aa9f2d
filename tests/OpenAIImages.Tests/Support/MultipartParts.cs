using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace OpenAIImages.Tests.Support;

/// <summary>One part of a multipart/form-data body, as a test compares it.</summary>
internal sealed record FormPart(string Name, string? FileName, string? ContentType, byte[] Data)
{
    public string Text => Encoding.UTF8.GetString(Data);

    public string Key => $"{Name}|{FileName}|{ContentType}|{Convert.ToBase64String(Data)}";

    /// <summary>Splits a multipart body into its parts.</summary>
    public static IReadOnlyList<FormPart> Parse(byte[] body, string boundary)
    {
        byte[] delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var parts = new List<FormPart>();
        int at = ReferenceRequest.IndexOf(body, delimiter);
        Assert.Equal(0, at);
        while (true)
        {
            int start = at + delimiter.Length;
            if (body[start] == '-' && body[start + 1] == '-')
            {
                Assert.Equal(body.Length, start + 4);
                return parts;
            }

            start += 2;
            int next = ReferenceRequest.IndexOf(body, delimiter, start);
            Assert.True(next > 0, "an unterminated part");
            int headerEnd = ReferenceRequest.IndexOf(body, "\r\n\r\n"u8.ToArray(), start);
            string[] headers = Encoding.UTF8.GetString(body, start, headerEnd - start).Split("\r\n");
            string disposition = headers.Single(h => h.StartsWith("Content-Disposition: ", StringComparison.Ordinal));
            string? contentType = headers.SingleOrDefault(h => h.StartsWith("Content-Type: ", StringComparison.Ordinal))?["Content-Type: ".Length..];
            byte[] data = body[(headerEnd + 4)..(next - 2)];
            parts.Add(new FormPart(Attribute(disposition, "name")!, Attribute(disposition, "filename"), contentType, data));
            at = next;
        }
    }

    private static string? Attribute(string disposition, string name)
    {
        string marker = $"; {name}=\"";
        int i = disposition.IndexOf(marker, StringComparison.Ordinal);
        return i < 0 ? null : disposition[(i + marker.Length)..disposition.IndexOf('"', i + marker.Length)];
    }
}
