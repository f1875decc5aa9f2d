using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Responses;

/// <summary>
/// A body stream may fail at once (its ReadAsync throws) or later (it returns a faulted task), and a read may complete
/// at once or after a wait: the reader's quick path for reads that complete at once and its awaited path end the same,
/// in the SDK's exception for the failure. And a refused request is the failure of the task GenerateAsync returns.
/// </summary>
public sealed class BodyReadFailureTests
{
    private static readonly ImageGenerationOptions Request = new("a lighthouse") { Model = ImageModel.GptImage2 };

    public enum Failure
    {
        Reset,
        CorruptCompression,
    }

    private static ImagesClient Client(Func<Stream> body)
    {
        var api = new RecordingApi().Answer(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body()) };
            response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return response;
        });
        return api.Client();
    }

    [Theory]
    [InlineData(Failure.Reset, true, true)]
    [InlineData(Failure.Reset, true, false)]
    [InlineData(Failure.Reset, false, true)]
    [InlineData(Failure.Reset, false, false)]
    [InlineData(Failure.CorruptCompression, true, true)]
    [InlineData(Failure.CorruptCompression, false, false)]
    public async Task A_body_that_fails_mid_read_ends_in_the_SDKs_exception(Failure failure, bool throwsAtOnce, bool readsCompleteAtOnce)
    {
        byte[] head = Encoding.UTF8.GetBytes(RecordingApi.SuccessJson()[..40]);
        ImagesClient client = Client(() => new FailingStream(head, failure, throwsAtOnce, readsCompleteAtOnce));

        Exception error = await Assert.ThrowsAnyAsync<ImagesException>(() => client.GenerateAsync(Request));

        if (failure == Failure.Reset)
        {
            var connection = Assert.IsType<ImagesConnectionException>(error);
            Assert.Contains("connection broke while the Images API's 200 answer was being read", connection.Message, StringComparison.Ordinal);
            Assert.IsType<IOException>(connection.InnerException);
        }
        else
        {
            var invalid = Assert.IsType<ImagesInvalidResponseException>(error);
            Assert.Contains("its compressed encoding is corrupt", invalid.Message, StringComparison.Ordinal);
            Assert.IsType<InvalidDataException>(invalid.InnerException);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_read_whole_at_once_or_after_waits_gives_the_same_image(bool readsCompleteAtOnce)
    {
        byte[] json = Encoding.UTF8.GetBytes(RecordingApi.SuccessJson());
        ImagesClient client = Client(() => new FailingStream(json, failure: null, throwsAtOnce: false, readsCompleteAtOnce));

        ImageResult result = await client.GenerateAsync(Request);

        Assert.Equal(TestImages.ReferencePng, result.Images[0].Bytes.ToArray());
    }

    [Fact]
    public async Task A_refused_request_is_the_returned_tasks_failure_and_nothing_is_sent()
    {
        var api = new RecordingApi().AnswerJson(RecordingApi.SuccessJson());
        ImagesClient client = api.Client();

        Task<ImageResult> invalid = client.GenerateAsync(new ImageGenerationOptions("a lighthouse") { Model = ImageModel.DallE3, N = 2 });

        // A usage error (a null argument) throws at once; everything else is the returned task's failure.
        Assert.Throws<ArgumentNullException>(GenerateNothing);
        Assert.True(invalid.IsFaulted);
        Assert.IsType<ImageValidationException>(invalid.Exception!.InnerException);
        await Assert.ThrowsAsync<ImageValidationException>(() => invalid);
        Assert.Empty(api.Sent);

        void GenerateNothing() => _ = client.GenerateAsync(null!);
    }

    /// <summary>Hands out <c>data</c> in small reads, then fails as <c>failure</c> says (or ends when it is null).</summary>
    private sealed class FailingStream(byte[] data, Failure? failure, bool throwsAtOnce, bool readsCompleteAtOnce) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int n = Math.Min(Math.Min(buffer.Length, 16), data.Length - _position);
            if (n == 0 && failure is { } how)
            {
                Exception error = how == Failure.Reset ? new IOException("The connection was reset.") : new InvalidDataException("The archive entry was compressed using an unsupported compression method.");
                if (throwsAtOnce)
                {
                    throw error;
                }

                return readsCompleteAtOnce ? ValueTask.FromException<int>(error) : LaterAsync<int>(() => throw error);
            }

            data.AsSpan(_position, n).CopyTo(buffer.Span);
            _position += n;
            return readsCompleteAtOnce ? ValueTask.FromResult(n) : LaterAsync(() => n);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private static async ValueTask<T> LaterAsync<T>(Func<T> result)
        {
            await Task.Yield();
            return result();
        }
    }
}
