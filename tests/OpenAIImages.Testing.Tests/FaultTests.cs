using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Testing.Tests.Support;

namespace OpenAIImages.Testing.Tests;

public sealed class FaultTests
{
    private const string Request = """{"model":"gpt-image-1","prompt":"p","quality":"low"}""";

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task RateLimited_answers_429_with_retry_after_seconds_then_the_next_request_succeeds(TransportKind transport)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport);
        harness.Emulator.FailNext(1, EmulatedFault.RateLimited(TimeSpan.FromSeconds(1.5)));

        HttpResponseMessage limited = await harness.Client.GenerateAsync(Request);
        HttpResponseMessage next = await harness.Client.GenerateAsync(Request);

        await limited.ErrorAsync(HttpStatusCode.TooManyRequests, null, "rate_limit_exceeded");
        Assert.Equal(TimeSpan.FromSeconds(2), limited.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task ServerError_answers_500_as_many_times_as_asked(TransportKind transport)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport);
        harness.Emulator.FailNext(2, EmulatedFault.ServerError());

        HttpResponseMessage first = await harness.Client.GenerateAsync(Request);
        HttpResponseMessage second = await harness.Client.GenerateAsync(Request);
        HttpResponseMessage third = await harness.Client.GenerateAsync(Request);

        JsonElement error = await first.ErrorAsync(HttpStatusCode.InternalServerError, null, null);
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        await second.ErrorAsync(HttpStatusCode.InternalServerError, null, null);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(3, harness.Emulator.Requests.Count);
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task ContentPolicy_answers_400_moderation_blocked(TransportKind transport)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport);
        harness.Emulator.FailNext(1, EmulatedFault.ContentPolicy());

        HttpResponseMessage response = await harness.Client.GenerateAsync(Request);

        JsonElement error = await response.ErrorAsync(HttpStatusCode.BadRequest, null, "moderation_blocked");
        Assert.Equal("image_generation_user_error", error.GetProperty("type").GetString());
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task DroppedConnection_surfaces_as_HttpRequestException(TransportKind transport)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport);
        Assert.Equal(HttpStatusCode.OK, (await harness.Client.GenerateAsync(Request)).StatusCode);
        harness.Emulator.FailNext(1, EmulatedFault.DroppedConnection());

        // The connection is now a reused one, which HttpClient would silently retry had the server sent nothing.
        await Assert.ThrowsAsync<HttpRequestException>(() => harness.Client.GenerateAsync(Request));
        Assert.Equal(2, harness.Emulator.Requests.Count);
        HttpResponseMessage next = await harness.Client.GenerateAsync(Request);

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task Delay_answers_normally_after_the_delay(TransportKind transport)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport);
        harness.Emulator.FailNext(1, EmulatedFault.Delay(TimeSpan.FromMilliseconds(300)));

        var watch = Stopwatch.StartNew();
        HttpResponseMessage response = await harness.Client.GenerateAsync(Request);

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(280), $"answered after {watch.Elapsed}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task Delay_ends_when_the_request_is_cancelled(TransportKind transport)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport);
        harness.Emulator.FailNext(1, EmulatedFault.Delay(TimeSpan.FromMinutes(5)));
        using var cancellation = new CancellationTokenSource();

        var watch = Stopwatch.StartNew();
        Task<HttpResponseMessage> pending = harness.Client.PostAsync("images/generations", new StringContent(Request, System.Text.Encoding.UTF8, "application/json"), cancellation.Token);
        await WaitUntilAsync(() => harness.Emulator.Requests.Count == 1);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, (await harness.Client.GenerateAsync(Request)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task Status_answers_any_error_with_the_given_code_and_message(TransportKind transport)
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(transport);
        harness.Emulator.FailNext(1, EmulatedFault.Status(503, "overloaded", "Try again soon."));

        HttpResponseMessage response = await harness.Client.GenerateAsync(Request);

        JsonElement error = await response.ErrorAsync(HttpStatusCode.ServiceUnavailable, null, "overloaded");
        Assert.Equal("Try again soon.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Faults_are_played_in_fifo_order_one_per_request_before_validation()
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(TransportKind.InProcess);
        harness.Emulator.FailNext(1, EmulatedFault.ServerError());
        harness.Emulator.FailNext(1, EmulatedFault.RateLimited(TimeSpan.Zero));
        harness.Emulator.FailNext(1, EmulatedFault.Status(409));

        HttpStatusCode[] statuses = new HttpStatusCode[4];
        for (int i = 0; i < statuses.Length; i++)
        {
            statuses[i] = (await harness.Client.GenerateAsync("""{"model":"dall-e-3","prompt":"p","n":2}""")).StatusCode;
        }

        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.TooManyRequests, HttpStatusCode.Conflict, HttpStatusCode.BadRequest], statuses);
    }

    [Fact]
    public async Task Image_downloads_consume_no_fault()
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(TransportKind.InProcess);
        JsonElement root = await (await harness.Client.GenerateAsync("""{"model":"dall-e-2","prompt":"p","size":"256x256"}""")).JsonAsync();
        harness.Emulator.FailNext(1, EmulatedFault.ServerError());

        HttpResponseMessage download = await harness.Client.GetAsync(new Uri(Api.Items(root).Single().GetProperty("url").GetString()!));
        HttpResponseMessage next = await harness.Client.GenerateAsync(Request);

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, next.StatusCode);
    }

    /// <summary>Polls briefly: the request must have reached the emulator (and taken its fault) before the test cancels it.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "the request never reached the emulator");
            await Task.Delay(5);
        }
    }

    [Fact]
    public void Fault_factories_reject_impossible_values()
    {
        var emulator = new ImagesEmulator();

        Assert.Throws<ArgumentOutOfRangeException>(() => EmulatedFault.Status(200));
        Assert.Throws<ArgumentOutOfRangeException>(() => EmulatedFault.Delay(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => EmulatedFault.RateLimited(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => emulator.FailNext(-1, EmulatedFault.ServerError()));
        Assert.Throws<ArgumentNullException>(() => emulator.FailNext(1, null!));
    }
}
