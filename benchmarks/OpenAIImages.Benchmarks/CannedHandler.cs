using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Benchmarks;

/// <summary>
/// An in-process server: reads the whole request body (so uploads are really streamed and read), then answers with a
/// fresh forward-only stream over pre-built bytes, as a socket would.
/// </summary>
public sealed class CannedHandler : HttpMessageHandler
{
    private readonly byte[] _body;
    private readonly byte[]? _errorBody;
    private readonly int _chunkSize;
    private readonly string _contentType;
    private long _calls;
    private long _lastUploadBytes;

    /// <param name="body">The 200 answer.</param>
    /// <param name="errorBody">When set, every odd-numbered call (1st, 3rd, ...) answers 500 with this body, so each logical call needs one retry.</param>
    /// <param name="chunkSize">The most a single read returns, like one socket receive.</param>
    /// <param name="contentType">The 200 answer's media type.</param>
    public CannedHandler(byte[] body, byte[]? errorBody = null, int chunkSize = 64 * 1024, string contentType = "application/json")
    {
        _contentType = contentType;
        _body = body;
        _errorBody = errorBody;
        _chunkSize = chunkSize;
    }

    /// <summary>Gets how many requests were answered.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Gets how many body bytes the last request sent.</summary>
    public long LastUploadBytes => Interlocked.Read(ref _lastUploadBytes);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        long call = Interlocked.Increment(ref _calls);
        if (request.Content is { } content)
        {
            var sink = new CountingStream();
            await content.CopyToAsync(sink, cancellationToken).ConfigureAwait(false);
            Interlocked.Exchange(ref _lastUploadBytes, sink.Count);
        }

        bool fail = _errorBody is not null && (call & 1) == 1;
        var response = new HttpResponseMessage(fail ? HttpStatusCode.InternalServerError : HttpStatusCode.OK)
        {
            RequestMessage = request,
            Content = new StreamContent(new ForwardOnlyStream(fail ? _errorBody! : _body, _chunkSize)),
        };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue(fail ? "application/json" : _contentType);
        response.Headers.TryAddWithoutValidation("x-request-id", Payloads.RequestId);
        return response;
    }

    /// <summary>Counts and discards what is written, as a socket's send would.</summary>
    private sealed class CountingStream : Stream
    {
        public long Count { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Count += count;

        public override void Write(ReadOnlySpan<byte> buffer) => Count += buffer.Length;

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Count += count;
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Count += buffer.Length;
            return default;
        }
    }
}

/// <summary>A non-seekable read-only stream over bytes that returns at most one chunk per read.</summary>
public sealed class ForwardOnlyStream : Stream
{
    private readonly byte[] _data;
    private readonly int _chunkSize;
    private int _position;
    private Task<int>? _lastTask;

    public ForwardOnlyStream(byte[] data, int chunkSize)
    {
        _data = data;
        _chunkSize = chunkSize;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = Math.Min(Math.Min(buffer.Length, _chunkSize), _data.Length - _position);
        _data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        // Like MemoryStream: reuse the last task when the count repeats, so the stream itself adds almost nothing.
        int n = Read(buffer.AsSpan(offset, count));
        Task<int>? last = _lastTask;
        return last is not null && last.Result == n ? last : (_lastTask = Task.FromResult(n));
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        new(Read(buffer.Span));

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
