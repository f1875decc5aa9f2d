using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAIImages.Pipeline;
using OpenAIImages.Requests;
using OpenAIImages.Responses;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Pipeline;

/// <summary>Each layer of the request path alone: the factory builds, the pipeline sends and returns the answer unread (or a typed failure), the reader reads canned bodies.</summary>
public sealed class LayerTests
{
    private static readonly ImageGenerationOptions Request = new("a lighthouse") { Model = ImageModel.GptImage2 };

    [Fact]
    public async Task The_pipeline_returns_a_success_without_reading_its_body()
    {
        var body = new ThrowingStream();
        (ImagesPipeline pipeline, ImagesTransport transport, StubHandler handler) = Layers(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) });

        using ImagesResponse answer = await pipeline.SendAsync(Call(), transport, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, answer.Message.StatusCode);
        Assert.Equal(1, handler.Calls);
        Assert.False(body.WasRead, "the pipeline knows nothing of reading");
    }

    [Fact]
    public async Task The_pipeline_retries_a_503_and_returns_the_success_that_follows()
    {
        int n = 0;
        (ImagesPipeline pipeline, ImagesTransport transport, StubHandler handler) = Layers(_ => ++n == 1
            ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("{\"error\":{\"message\":\"busy\"}}") }
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") }, retries: 2);

        using ImagesResponse answer = await pipeline.SendAsync(Call(), transport, CancellationToken.None);

        Assert.Equal(2, handler.Calls);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, typeof(ImagesBadRequestException), 1)]
    [InlineData(HttpStatusCode.Unauthorized, typeof(ImagesAuthenticationException), 1)]
    [InlineData(HttpStatusCode.InternalServerError, typeof(ImagesServerException), 3)]
    public async Task The_pipeline_turns_an_error_status_into_its_typed_failure_after_the_retries_it_deserves(HttpStatusCode status, Type expected, int attempts)
    {
        (ImagesPipeline pipeline, ImagesTransport transport, StubHandler handler) = Layers(_ => new HttpResponseMessage(status) { Content = new StringContent("{\"error\":{\"message\":\"no\"}}") }, retries: 2);

        Exception error = await Assert.ThrowsAnyAsync<ImagesApiException>(() => pipeline.SendAsync(Call(), transport, CancellationToken.None).AsTask());

        Assert.IsType(expected, error);
        Assert.Equal(attempts, handler.Calls);
    }

    [Fact]
    public async Task The_pipeline_turns_a_failed_connection_into_a_connection_exception()
    {
        (ImagesPipeline pipeline, ImagesTransport transport, _) = Layers(_ => throw new HttpRequestException("refused"));

        await Assert.ThrowsAsync<ImagesConnectionException>(() => pipeline.SendAsync(Call(), transport, CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task The_reader_reads_a_canned_body_into_images()
    {
        string json = "{\"created\":1,\"data\":[{\"b64_json\":\"" + Convert.ToBase64String(TestImages.ReferencePng) + "\",\"revised_prompt\":\"a lit lighthouse\"}]}";
        using var downloads = new HttpClient(new StubHandler(_ => throw new InvalidOperationException("no download expected")));

        ImageResult result = await ImagesResponseReader.ReadAsync(
            new MemoryStream(Encoding.UTF8.GetBytes(json)), 200, "req_1", new ImageDownloader(downloads, "test", TimeSpan.FromSeconds(5), TimeProvider.System), null, CancellationToken.None);

        Assert.Equal(TestImages.ReferencePng, result.Images[0].Bytes.ToArray());
        Assert.Equal("a lit lighthouse", result.Images[0].RevisedPrompt);
        Assert.Equal("req_1", result.RequestId);
    }

    private static ImageCall Call() => ImageRequestFactory.Generation(Request, "gpt-image-2", stream: false, files: null);

    private static (ImagesPipeline Pipeline, ImagesTransport Transport, StubHandler Handler) Layers(Func<HttpRequestMessage, HttpResponseMessage> respond, int retries = 0)
    {
        var options = RecordingApi.Options(o =>
        {
            o.Retry.MaxRetries = retries;
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
            o.Retry.UseJitter = false;
        });
        var handler = new StubHandler(respond);
        ImagesClientCore core = ImagesClientCore.Create(options, NullLogger.Instance);
        return (core.Pipeline, new ImagesTransport(new HttpClient(handler), core.Options, NullLogger.Instance), handler);
    }

    private sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
    {
        private int _calls;

        public int Calls => _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult(respond(request));
        }
    }

    private sealed class ThrowingStream : Stream
    {
        public bool WasRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            WasRead = true;
            throw new IOException("read");
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
