using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using OpenAIImages.Testing.Tests.Support;

namespace OpenAIImages.Testing.Tests;

/// <summary>Replays the byte-exact openai-node captures: the emulator must accept the official SDK's wire format.</summary>
public sealed class ReferenceRequestTests
{
    public static IEnumerable<object[]> Captures() => Transports.Cross(
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "ReferenceRequests"), "*.txt")
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .Select(name => new object[] { name! }));

    [Theory]
    [MemberData(nameof(Captures))]
    public async Task Node_sdk_capture_is_accepted(TransportKind transport, string capture)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport);
        using HttpRequestMessage request = Replay(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "ReferenceRequests", capture)), harness.Client.BaseAddress!);

        HttpResponseMessage response = await harness.Client.SendAsync(request);

        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal(request.RequestUri!.AbsolutePath, Assert.Single(harness.Emulator.Requests).Path);
    }

    [Fact]
    public void The_captures_are_present()
    {
        Assert.True(Captures().Count() >= 2 * 14, "ReferenceRequests/*.txt from tests/OpenAIImages.Tests were not copied to the output");
    }

    /// <summary>Turns a raw HTTP/1.1 request into a message for the harness' host, keeping body and headers byte for byte.</summary>
    private static HttpRequestMessage Replay(byte[] raw, Uri baseAddress)
    {
        int split = raw.AsSpan().IndexOf("\r\n\r\n"u8);
        string[] head = Encoding.ASCII.GetString(raw, 0, split).Split("\r\n");
        string[] requestLine = head[0].Split(' ');
        var message = new HttpRequestMessage(new HttpMethod(requestLine[0]), new Uri(baseAddress, requestLine[1]))
        {
            Content = new ByteArrayContent(raw[(split + 4)..]),
        };
        foreach (string line in head.Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            string name = line[..colon];
            string value = line[(colon + 1)..].Trim();
            if (name is "host" or "content-length" or "connection" or "accept-encoding")
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return message;
    }
}
