using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using OpenAIImages.Testing.Tests.Support;

namespace OpenAIImages.Testing.Tests.Timing;

/// <summary>Fault schedules from options or text, broken and slow bodies, and the service's per-key images-per-minute limit.</summary>
public sealed class ScriptedFaultAndLimitTests
{
    private const string Request = """{"model":"gpt-image-1","prompt":"p","quality":"low"}""";

    [Fact]
    public void Schedule_text_reads_as_the_faults_it_names_in_order()
    {
        var faults = EmulatedFault.ParseSchedule("429:retry-after=2, 500*2, ok, reset-mid-body, 503:retry-after=1, slow-body=5000, drop");

        Assert.Equal(
            [
                "RateLimited(retryAfter: 00:00:02)", "Status(500, code: null)", "Status(500, code: null)", "Delay(00:00:00)", "ResetMidBody",
                "Status(503, code: null), retryAfter: 00:00:01", "SlowBody(00:00:05)", "DroppedConnection",
            ],
            faults.Select(f => f.ToString()));
        ArgumentException error = Assert.Throws<ArgumentException>(() => EmulatedFault.ParseSchedule("429,teapot"));
        Assert.Contains("'teapot'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task Fault_schedule_in_the_options_plays_one_step_per_request_then_answers_normally(TransportKind transport)
    {
        var options = new ImagesEmulatorOptions();
        foreach (EmulatedFault fault in EmulatedFault.ParseSchedule("429:retry-after=3,503:retry-after=1,ok"))
        {
            options.FaultSchedule.Add(fault);
        }

        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport, options);
        HttpResponseMessage[] answers = new HttpResponseMessage[4];
        for (int i = 0; i < answers.Length; i++)
        {
            answers[i] = await harness.Client.GenerateAsync(Request);
        }

        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK, HttpStatusCode.OK], answers.Select(a => a.StatusCode));
        Assert.Equal(TimeSpan.FromSeconds(3), answers[0].Headers.RetryAfter?.Delta);
        Assert.Equal(TimeSpan.FromSeconds(1), answers[1].Headers.RetryAfter?.Delta);
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task Reset_mid_body_sends_the_status_then_fails_the_read_of_the_body(TransportKind transport)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport);
        harness.Emulator.FailNext(1, EmulatedFault.ResetMidBody());

        using HttpResponseMessage response = await harness.Client.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, "images/generations") { Content = new StringContent(Request, System.Text.Encoding.UTF8, "application/json") },
            HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Exception failure = await Assert.ThrowsAnyAsync<Exception>(() => response.Content.ReadAsByteArrayAsync());
        Assert.True(failure is System.IO.IOException or HttpRequestException, failure.ToString());
        Assert.Equal(HttpStatusCode.OK, (await harness.Client.GenerateAsync(Request)).StatusCode);
    }

    [Fact]
    public async Task Slow_body_arrives_over_the_faults_duration_on_the_emulators_clock()
    {
        var clock = new FakeTimeProvider();
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(TransportKind.InProcess, new ImagesEmulatorOptions { TimeProvider = clock });
        harness.Emulator.FailNext(1, EmulatedFault.SlowBody(TimeSpan.FromSeconds(20)));

        using HttpResponseMessage response = await harness.Client.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, "images/generations") { Content = new StringContent(Request, System.Text.Encoding.UTF8, "application/json") },
            HttpCompletionOption.ResponseHeadersRead);
        (byte[] body, TimeSpan elapsed) = await FakeClockDriver.RunAsync(clock, response.Content.ReadAsByteArrayAsync());

        Assert.True(elapsed >= TimeSpan.FromSeconds(20), $"the body took {elapsed} of emulated time");
        using JsonDocument json = JsonDocument.Parse(body);
        Assert.Single(json.RootElement.GetProperty("data").EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task Images_per_minute_limit_answers_the_services_429_with_its_headers_and_refills_over_the_minute(TransportKind transport)
    {
        var clock = new FakeTimeProvider();
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport, new ImagesEmulatorOptions { TimeProvider = clock, ImagesPerMinute = 2 });

        HttpResponseMessage first = await harness.Client.GenerateAsync(Request);
        HttpResponseMessage second = await harness.Client.GenerateAsync(Request);
        HttpResponseMessage third = await harness.Client.GenerateAsync(Request);
        clock.Advance(TimeSpan.FromSeconds(30));
        HttpResponseMessage afterHalfAMinute = await harness.Client.GenerateAsync(Request);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("2", Header(first, "x-ratelimit-limit-images"));
        Assert.Equal("1", Header(first, "x-ratelimit-remaining-images"));
        Assert.Equal("30s", Header(first, "x-ratelimit-reset-images"));
        Assert.Equal("0", Header(second, "x-ratelimit-remaining-images"));
        JsonElement error = await third.ErrorAsync(HttpStatusCode.TooManyRequests, null, "rate_limit_exceeded");
        Assert.Equal(
            "Rate limit reached for gpt-image-1 in organization org-emulator on images per minute (IPM): Limit 2, Used 2, Requested 1. Please try again in 30s. Visit https://platform.openai.com/account/rate-limits to learn more.",
            error.GetProperty("message").GetString());
        Assert.Equal("1m0s", Header(third, "x-ratelimit-reset-images"));
        Assert.Equal(HttpStatusCode.OK, afterHalfAMinute.StatusCode);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;
}
