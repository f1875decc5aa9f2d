using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using OpenAIImages.Testing.Tests.Support;

namespace OpenAIImages.Testing.Tests;

public sealed class RequestLogTests
{
    [Fact]
    public async Task Requests_keeps_the_newest_MaxRecordedRequests_oldest_first()
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(TransportKind.InProcess, new ImagesEmulatorOptions { MaxRecordedRequests = 3 });

        for (int i = 1; i <= 5; i++)
        {
            HttpResponseMessage response = await harness.Client.GenerateAsync($$"""{"model":"gpt-image-1","prompt":"prompt {{i}}","size":"1024x1024","quality":"low"}""");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(["prompt 3", "prompt 4", "prompt 5"], harness.Emulator.Requests.Select(r => r.Fields["prompt"]));
    }

    [Fact]
    public async Task Requests_keeps_none_at_zero_and_every_one_when_unbounded()
    {
        await using EmulatorHarness none = await EmulatorHarness.StartAsync(TransportKind.InProcess, new ImagesEmulatorOptions { MaxRecordedRequests = 0 });
        await using EmulatorHarness all = await EmulatorHarness.StartAsync(TransportKind.InProcess, new ImagesEmulatorOptions { MaxRecordedRequests = null });

        foreach (EmulatorHarness harness in new[] { none, all })
        {
            for (int i = 0; i < 3; i++)
            {
                HttpResponseMessage response = await harness.Client.GenerateAsync("""{"model":"dall-e-2","prompt":"a cat","size":"256x256"}""");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        Assert.Empty(none.Emulator.Requests);
        Assert.Equal(3, all.Emulator.Requests.Count);
    }

    [Fact]
    public void A_negative_MaxRecordedRequests_is_refused_naming_the_setting()
    {
        var options = new ImagesEmulatorOptions();

        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => options.MaxRecordedRequests = -1);

        Assert.Contains("MaxRecordedRequests", error.Message, StringComparison.Ordinal);
        Assert.Equal(10_000, new ImagesEmulatorOptions().MaxRecordedRequests);
    }
}
