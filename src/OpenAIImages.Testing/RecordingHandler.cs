using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Testing.Recording;

namespace OpenAIImages.Testing;

/// <summary>
/// A <see cref="DelegatingHandler"/> that records real traffic to files and replays it: tests run against the real
/// service's answers without paying for each run. Works under any OpenAI client that takes an <see cref="HttpClient"/>.
/// </summary>
/// <remarks>
/// <para>
/// Each exchange is one JSON file in <see cref="RecordingOptions.Directory"/>, named after the method, path and a hash of
/// what the request is matched by: its method, path, query and fields (JSON members or multipart parts, file parts by
/// content), less <see cref="RecordingOptions.IgnoredFields"/>. A request repeated with the same fields gets the
/// recordings in the order they were made (then the last one again), so polling replays as it happened.
/// </para>
/// <para>
/// Recordings hold no request headers: the key, bearer tokens, the <c>api-key</c> header, URL passwords and secret query
/// values are left out or written <c>***</c>, and any <c>sk-…</c> key in an answer is masked. Streams (SSE) and multipart
/// edits are recorded like any exchange; while recording, a streamed answer reaches the caller when it has ended.
/// </para>
/// </remarks>
public sealed class RecordingHandler : DelegatingHandler
{
    private readonly string _directory;
    private readonly RecordingMode _mode;
    private readonly HashSet<string> _ignored;
    private readonly bool _shrink;
    private readonly ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);

    /// <summary>Creates a handler with no inner handler, for a handler pipeline (<c>AddHttpMessageHandler</c>) or replay only.</summary>
    /// <param name="options">The settings; read once, here.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public RecordingHandler(RecordingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _directory = options.Directory;
        _mode = options.Mode;
        _ignored = new HashSet<string>(options.IgnoredFields, StringComparer.Ordinal);
        _shrink = options.ShrinkImages;
    }

    /// <summary>Creates a handler that records what <paramref name="innerHandler"/> answers (the real service, usually a <see cref="SocketsHttpHandler"/>).</summary>
    /// <param name="options">The settings; read once, here.</param>
    /// <param name="innerHandler">The handler that reaches the service.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="innerHandler"/> is <see langword="null"/>.</exception>
    public RecordingHandler(RecordingOptions options, HttpMessageHandler innerHandler)
        : this(options)
    {
        ArgumentNullException.ThrowIfNull(innerHandler);
        InnerHandler = innerHandler;
    }

    /// <inheritdoc />
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, cancellationToken).GetAwaiter().GetResult();

    /// <summary>Answers from a recording, or sends the request on and records the answer, as the mode says.</summary>
    /// <exception cref="RecordingNotFoundException">In <see cref="RecordingMode.Replay"/> mode, there is no recording of the request.</exception>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        byte[] body = [];
        if (request.Content is { } content)
        {
            // Read once, then sent from memory: a streamed file part could not be read twice.
            body = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var buffered = new ByteArrayContent(body);
            foreach (KeyValuePair<string, IEnumerable<string>> header in content.Headers)
            {
                buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            request.Content = buffered;
        }

        RequestKey key = await RequestKey.CreateAsync(request, body, _ignored, cancellationToken).ConfigureAwait(false);
        int occurrence = _seen.AddOrUpdate(key.Stem, 1, (_, count) => count + 1);
        if (_mode == RecordingMode.Replay || (_mode == RecordingMode.RecordIfMissing && Existing(key, occurrence) is not null))
        {
            string file = Existing(key, occurrence) ?? throw new RecordingNotFoundException(
                $"No recording of {key} in '{_directory}' (looked for {key.Stem}.json). Record it with RecordingMode.Record or RecordIfMissing "
                + $"(or {RecordingOptions.ModeVariable}=record-if-missing), or add the fields that change each run to IgnoredFields.")
            {
                ExpectedFile = FileOf(key, 1),
            };
            return RecordedExchange.Read(file, request);
        }

        Secrets secrets = Secrets.Of(request);
        string path = FileOf(key, occurrence);
        using (HttpResponseMessage live = await base.SendAsync(request, cancellationToken).ConfigureAwait(false))
        {
            byte[] answer = await live.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (_shrink)
            {
                answer = ImageShrinker.Shrink(answer, live.Content.Headers.ContentType?.MediaType);
            }

            RecordedExchange.Write(path, request, key, live, answer, secrets);
        }

        // What the caller gets is what a replay will give: the same bytes, whatever was masked or shrunk.
        return RecordedExchange.Read(path, request);
    }

    private string FileOf(RequestKey key, int occurrence) =>
        Path.Combine(_directory, occurrence == 1 ? key.Stem + ".json" : $"{key.Stem}-{occurrence.ToString(CultureInfo.InvariantCulture)}.json");

    // The nth recording of the key, else the latest one before it.
    private string? Existing(RequestKey key, int occurrence)
    {
        for (int n = occurrence; n >= 1; n--)
        {
            string file = FileOf(key, n);
            if (File.Exists(file))
            {
                return file;
            }
        }

        return null;
    }
}
