using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.ContractTests;

/// <summary>What happened to one shape: the exchange with Prism, and every way it fell short of what was expected.</summary>
/// <param name="Shape">The shape sent.</param>
/// <param name="Exchange">The request and Prism's answer; null when nothing was sent.</param>
/// <param name="Error">What the client threw, if anything (expected for Prism's example bodies and for 422s).</param>
/// <param name="Problems">Why the shape failed; empty when it passed.</param>
public sealed record ShapeResult(RequestShape Shape, Exchange? Exchange, Exception? Error, IReadOnlyList<string> Problems)
{
    /// <summary>Gets whether the shape did what it should: accepted, or for an invalid one rejected with 422 naming its field.</summary>
    public bool Passed => Problems.Count == 0;

    /// <summary>Gets Prism's status, or 0 when nothing was sent.</summary>
    public int Status => Exchange is null ? 0 : (int)Exchange.Status;

    /// <summary>Gets the failure message: the problems, the request as sent and Prism's answer.</summary>
    public string Explain() =>
        $"Shape '{Shape.Name}':\n- {string.Join("\n- ", Problems)}\n{Exchange?.Describe() ?? "(nothing was sent)"}" +
        (Error is null ? string.Empty : $"\n  client threw {Error.GetType().Name}: {Error.Message}");
}

/// <summary>Sends shapes through a real <see cref="ImagesClient"/> to Prism and judges the answers.</summary>
public static class ContractRunner
{
    /// <summary>The API key sent; Prism checks only that a bearer token is there.</summary>
    public const string ApiKey = "sk-test";

    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Sends a valid shape with the SDK's validation on; Prism must answer 2xx.</summary>
    public static Task<ShapeResult> RunAcceptedAsync(PrismFixture prism, RequestShape shape) => RunAsync(prism, shape, validate: true);

    /// <summary>Sends an invalid shape with the SDK's validation off; Prism must answer 422 naming the field.</summary>
    public static Task<ShapeResult> RunInvalidAsync(PrismFixture prism, RequestShape shape) => RunAsync(prism, shape, validate: false);

    private static async Task<ShapeResult> RunAsync(PrismFixture prism, RequestShape shape, bool validate)
    {
        ArgumentNullException.ThrowIfNull(prism);
        ArgumentNullException.ThrowIfNull(shape);
        bool expectValid = shape.InvalidField is null;
        var problems = new List<string>();

        using var recorder = new RecordingHandler();
        using var http = new HttpClient(recorder) { Timeout = CallTimeout };
        var options = new ImagesClientOptions { ApiKey = ApiKey, BaseAddress = prism.BaseAddress, ValidateRequests = validate };
        options.Retry.MaxRetries = 0;
        var client = new ImagesClient(http, options);

        Exception? error = null;
        using (var timeout = new CancellationTokenSource(CallTimeout))
        {
            try
            {
                await shape.SendAsync(client, timeout.Token);
            }
            catch (ImageValidationException ex)
            {
                error = ex;
                problems.Add($"the SDK's own validation refused it, so nothing was sent: {ex.Message}");
            }
#pragma warning disable CA1031 // The client cannot read Prism's invented bodies (b64_json "string", JSON to a stream request); the recorded status decides.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                error = ex;
            }
        }

        IReadOnlyList<Exchange> exchanges = recorder.Exchanges;
        if (exchanges.Count == 0)
        {
            if (problems.Count == 0)
            {
                problems.Add($"nothing was sent ({error?.GetType().Name}: {error?.Message})");
            }

            return new ShapeResult(shape, null, error, problems);
        }

        if (exchanges.Count > 1)
        {
            problems.Add($"{exchanges.Count} requests were sent, expected exactly one (retries are off): {string.Join(", ", exchanges.Select(e => e.Uri.AbsolutePath))}");
        }

        Exchange exchange = exchanges[0];
        if (exchange.Method != HttpMethod.Post || exchange.Uri.AbsolutePath != shape.Path)
        {
            problems.Add($"it was sent as {exchange.Method} {exchange.Uri.AbsolutePath}, expected POST {shape.Path}");
        }

        if (exchange.Authorization != "Bearer " + ApiKey)
        {
            problems.Add($"the Authorization header was '{exchange.Authorization}', expected 'Bearer {ApiKey}'");
        }

        CheckFields(shape, exchange, problems);

        if (expectValid)
        {
            if (!IsSuccess(exchange.Status))
            {
                problems.Add($"Prism rejected it with {(int)exchange.Status}: {PrismMessages(exchange.ResponseBody)}");
            }
        }
        else if (exchange.Status != HttpStatusCode.UnprocessableEntity)
        {
            problems.Add($"Prism answered {(int)exchange.Status}, expected 422 for the invalid {shape.InvalidField}");
        }
        else if (!NamesField(exchange.ResponseBody, shape.InvalidField!))
        {
            problems.Add($"Prism answered 422 but did not name the field '{shape.InvalidField}': {PrismMessages(exchange.ResponseBody)}");
        }

        return new ShapeResult(shape, exchange, error, problems);
    }

    /// <summary>Every option set must be on the wire under its spec name, nothing else, and every name must be known to the spec.</summary>
    private static void CheckFields(RequestShape shape, Exchange exchange, List<string> problems)
    {
        IReadOnlyList<WireField> sent;
        try
        {
            sent = exchange.Fields;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            problems.Add($"the request body could not be read: {ex.Message}");
            return;
        }

        string[] expected = shape.ExpectedFields().Select(f => f.ToString()).Order(StringComparer.Ordinal).ToArray();
        string[] actual = sent.Select(f => f.ToString()).Order(StringComparer.Ordinal).ToArray();
        if (!expected.SequenceEqual(actual))
        {
            problems.Add(
                "the fields sent differ from the options: missing [" + string.Join(", ", expected.Except(actual)) +
                "], unexpected [" + string.Join(", ", actual.Except(expected)) + "]" +
                (expected.Length != actual.Length ? $" ({actual.Length} fields sent, {expected.Length} expected)" : string.Empty));
        }

        IReadOnlySet<string> known = SpecSchema.Properties(shape.Schema);
        string[] unknown = sent.Select(f => f.Name).Distinct().Where(n => !known.Contains(n)).ToArray();
        if (unknown.Length > 0)
        {
            problems.Add($"fields not in the spec's {shape.Schema} (Prism would not notice them): {string.Join(", ", unknown)}");
        }
    }

    private static bool IsSuccess(HttpStatusCode status) => (int)status is >= 200 and < 300;

    /// <summary>Whether Prism's 422 body names <paramref name="field"/>: at <c>body.field</c>, or as a missing required property.</summary>
    public static bool NamesField(string body, string field)
    {
        foreach ((string[] location, string message) in ValidationItems(body))
        {
            if (location.SequenceEqual(["body", field]) ||
                (location.SequenceEqual(["body"]) && message.Contains($"'{field}'", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Prism's validation messages, or the body when it has none.</summary>
    public static string PrismMessages(string body)
    {
        var items = ValidationItems(body).Select(i => $"{string.Join('.', i.Location)}: {i.Message}").ToArray();
        return items.Length > 0 ? string.Join("; ", items) : body;
    }

    private static IEnumerable<(string[] Location, string Message)> ValidationItems(string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            yield break;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("validation", out JsonElement validation) || validation.ValueKind != JsonValueKind.Array)
            {
                yield break;
            }

            foreach (JsonElement item in validation.EnumerateArray())
            {
                string[] location = item.TryGetProperty("location", out JsonElement l) && l.ValueKind == JsonValueKind.Array
                    ? l.EnumerateArray().Select(e => e.ToString()).ToArray()
                    : [];
                string message = item.TryGetProperty("message", out JsonElement m) ? m.ToString() : string.Empty;
                yield return (location, message);
            }
        }
    }
}
