using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Pipeline;

/// <summary>
/// Random error responses (CsCheck) with hostile <c>retry-after</c>, <c>retry-after-ms</c>, <c>x-request-id</c> and
/// <c>x-should-retry</c> values, on a fake clock: a call ends in its result or an <see cref="ImagesApiException"/> for
/// that status (never an OverflowException or FormatException), <c>RetryAfter</c> is null or non-negative, no retry is
/// scheduled later than <see cref="ImagesRetryOptions.MaxServerDelay"/>, and neither a message nor a log line holds the key.
/// </summary>
[Collection(FakeClockCollection.Name)]
public sealed class HostileHeaderPropertyTests
{
    private const string Key = RecordingApi.ApiKey;
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(500);
    private static readonly int[] KnownStatuses = [400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504];

    /// <summary>One random case: the error's status and headers, how many attempts fail before one succeeds, and the client's cap.</summary>
    private sealed record Case(int Status, string? RetryAfter, string? RetryAfterMs, string? RequestId, string? ShouldRetry, int Failures, int CapSeconds)
    {
        public override string ToString() =>
            $"status {Status}, Retry-After {Show(RetryAfter)}, retry-after-ms {Show(RetryAfterMs)}, x-request-id {Show(RequestId)}, x-should-retry {Show(ShouldRetry)}, {Failures} failure(s), cap {CapSeconds} s";

        private static string Show(string? value) => value is null ? "(none)" : "\"" + string.Concat(value.Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString())) + "\"";
    }

    // Header-safe garbage: any character but CR, LF and NUL (which HTTP cannot carry in a header value).
    private static readonly Gen<string> Garbage = Gen.Char.Where(c => c is not ('\r' or '\n' or '\0')).Array[0, 40].Select(chars => new string(chars));

    private static readonly Gen<string> Numberish = Gen.OneOf(
        Gen.OneOf("1e300", "-1e300", "NaN", "nan", "-1", "-0", "0", "Infinity", "-Infinity", "∞", "1.7976931348623157E+308", "4.9E-324",
            "9223372036854775807", "9223372036854775808", "18446744073709551616", "99999999999999999999999999999999", "-9223372036854775808",
            "0x10", "1,000", "1_000", "١٢", " 5 ", "5 s", "+3", "3.", ".5", "1e", "e1", "", " ", "null", "true",
            "Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "Mon, 01 Jan 0001 00:00:00 GMT", "Thu, 01 Jan 2099 00:00:00 GMT"),
        Gen.Long.Select(l => l.ToString(CultureInfo.InvariantCulture)),
        Gen.Double.Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
        Gen.Int[0, 120].Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Gen.Int[0, 120_000].Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Garbage);

    private static Gen<string?> Maybe(Gen<string> values) => Gen.Frequency((1, Gen.Const((string?)null)), (3, values.Select(v => (string?)v)));

    private static readonly Gen<string> RequestIds = Gen.OneOf(
        Garbage,
        Gen.Select(Garbage, Garbage).Select((a, b) => a + Key + b),
        Gen.OneOf("req_" + Key, "Bearer " + Key, Key, "sk-" + new string('x', 48), "https://user:" + Key + "@proxy.test/"));

    private static readonly Gen<Case> Cases =
        Gen.Select(
            Gen.Frequency((3, Gen.OneOf(KnownStatuses)), (1, Gen.Int[400, 599])),
            Maybe(Numberish),
            Maybe(Numberish),
            Maybe(RequestIds),
            Maybe(Gen.OneOf(Gen.OneOf("true", "false", "TRUE", "False", "1", "0", "yes", ""), Garbage)),
            Gen.Int[1, 4],
            Gen.Int[2, 20])
        .Select((status, after, afterMs, id, shouldRetry, failures, cap) => new Case(status, after, afterMs, id, shouldRetry, failures, cap));

    private static HttpResponseMessage Error(Case c)
    {
        string code = c.Status == 429 ? "\"rate_limit_exceeded\"" : "null";
        var response = RecordingApi.Json($"{{\"error\":{{\"message\":\"failure {c.Status}\",\"type\":\"x\",\"param\":null,\"code\":{code}}}}}", (HttpStatusCode)c.Status, requestId: null);
        Add(response, "Retry-After", c.RetryAfter);
        Add(response, "retry-after-ms", c.RetryAfterMs);
        Add(response, "x-request-id", c.RequestId);
        Add(response, "x-should-retry", c.ShouldRetry);
        return response;
    }

    private static void Add(HttpResponseMessage response, string name, string? value)
    {
        if (value is not null)
        {
            Assert.True(response.Headers.TryAddWithoutValidation(name, value), $"the test could not set {name}: {value}");
        }
    }

    /// <summary>
    /// Moves the fake clock only while a scheduled retry (log event 3) has not been sent yet, so that time stands still
    /// while an attempt is sent and read. It may still move before the retry loop has armed its delay (a cold path on a
    /// busy machine), which only makes the gap longer; how long each wait is comes from the log, checked by the caller.
    /// </summary>
    private static async Task Drive(FakeTimeProvider time, Task call, RecordingApi api, CapturingLoggerFactory logs, Case c)
    {
        var watchdog = System.Diagnostics.Stopwatch.StartNew();
        while (!call.IsCompleted)
        {
            await FakeClock.Settle();
            if (call.IsCompleted)
            {
                break;
            }

            if (watchdog.Elapsed > TimeSpan.FromMinutes(1))
            {
                throw new TimeoutException($"{c}: the call did not end within a minute of real time, after {api.Sent.Count} attempt(s).");
            }

            int sent = api.Sent.Count;
            if (sent > 0 && logs.WithId(3).Count() >= sent)
            {
                time.Advance(Step);
            }
        }

        await call;
    }

    [Fact]
    public async Task Hostile_retry_headers_end_in_a_result_or_the_statuses_exception_never_wait_past_the_cap_and_never_show_the_key()
    {
        await Cases.SampleAsync(
            async c =>
            {
                var time = new FakeTimeProvider();
                var logs = new CapturingLoggerFactory();
                var api = new RecordingApi(time);
                int calls = 0;
                api.Answer(_ => Interlocked.Increment(ref calls) <= c.Failures ? Error(c) : RecordingApi.Json(RecordingApi.SuccessJson()));
                TimeSpan cap = TimeSpan.FromSeconds(c.CapSeconds);
                var client = new ImagesClient(new HttpClient(api.Handler), RecordingApi.Options(o =>
                {
                    FakeClock.Use(o, time);
                    o.Retry.MaxRetries = 2;
                    o.Retry.UseJitter = false;
                    o.Retry.MaxServerDelay = cap;
                }), logs);

                Exception? error = null;
                try
                {
                    await Drive(time, client.GenerateAsync(new ImageGenerationOptions("a lighthouse") { Model = ImageModel.GptImage2 }), api, logs, c);
                }
                catch (Exception ex)
                {
                    error = ex;
                }

                if (error is not null)
                {
                    Assert.True(error is ImagesApiException, $"{c}: {error.GetType()}: {error.Message} after {api.Sent.Count} attempt(s)");
                    var failure = (ImagesApiException)error;
                    Assert.True(failure.GetType() != typeof(ImagesApiException) || c.Status is not (400 or 401 or 403 or 404 or 422 or 429 or >= 500), $"{c}: a plain ImagesApiException for {c.Status}");
                    Assert.Equal(c.Status, failure.Status);
                    Assert.True(failure.RetryAfter is null || failure.RetryAfter >= TimeSpan.Zero, $"{c}: RetryAfter {failure.RetryAfter}");
                    Assert.DoesNotContain(Key, failure.Message, StringComparison.Ordinal);
                    Assert.DoesNotContain(Key, failure.ToString(), StringComparison.Ordinal);
                    Assert.DoesNotContain(Key, failure.RequestId ?? string.Empty, StringComparison.Ordinal);
                }

                // The waits as scheduled (log event 3, what the retry loop then waits out): the fake clock only bounds them from
                // below, since it moves on whenever the pool is idle, also while an attempt is still being read.
                double[] delaysMs = logs.WithId(3).Select(e => Convert.ToDouble(e.State.Single(s => s.Key == "DelayMs").Value, CultureInfo.InvariantCulture)).ToArray();
                IReadOnlyList<SentRequest> sent = api.Sent;
                Assert.InRange(sent.Count, 1, 3);
                Assert.Equal(sent.Count - 1, delaysMs.Length);
                for (int i = 0; i < delaysMs.Length; i++)
                {
                    Assert.True(delaysMs[i] >= 0 && delaysMs[i] <= cap.TotalMilliseconds, $"{c}: retry {i + 1} scheduled after {delaysMs[i]} ms, past the cap of {cap}");
                    // Whole milliseconds: a timer is not finer, and a sub-millisecond wait may fire at once.
                    Assert.True(sent[i + 1].At - sent[i].At >= TimeSpan.FromMilliseconds(Math.Floor(delaysMs[i])), $"{c}: retry {i + 1} did not wait its {delaysMs[i]} ms");
                }

                Assert.All(logs.Entries, entry => Assert.DoesNotContain(Key, entry.Message, StringComparison.Ordinal));
            },
            iter: 300,
            threads: 1);
    }

    [Fact]
    public async Task A_clean_retry_after_ms_within_the_cap_is_the_wait_exactly()
    {
        await Gen.Select(Gen.OneOf(429, 500, 503), Gen.Int[0, 9_999]).SampleAsync(
            async (status, ms) =>
            {
                var time = new FakeTimeProvider();
                var logs = new CapturingLoggerFactory();
                var api = new RecordingApi(time);
                int calls = 0;
                var c = new Case(status, null, ms.ToString(CultureInfo.InvariantCulture), null, null, 1, 10);
                api.Answer(_ => Interlocked.Increment(ref calls) == 1 ? Error(c) : RecordingApi.Json(RecordingApi.SuccessJson()));
                var client = new ImagesClient(new HttpClient(api.Handler), RecordingApi.Options(o =>
                {
                    FakeClock.Use(o, time);
                    o.Retry.MaxRetries = 2;
                    o.Retry.UseJitter = false;
                }), logs);

                await Drive(time, client.GenerateAsync(new ImageGenerationOptions("a lighthouse") { Model = ImageModel.GptImage2 }), api, logs, c);

                LogEntry retry = Assert.Single(logs.WithId(3));
                Assert.Equal((double)ms, Convert.ToDouble(retry.State.Single(s => s.Key == "DelayMs").Value, CultureInfo.InvariantCulture));
                Assert.True(api.Sent[1].At - api.Sent[0].At >= TimeSpan.FromMilliseconds(ms), $"{status}, {ms} ms: retried after {api.Sent[1].At - api.Sent[0].At}");
            },
            iter: 40,
            threads: 1);
    }
}
