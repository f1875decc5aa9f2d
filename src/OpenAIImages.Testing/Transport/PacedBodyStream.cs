using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Testing.Engine;

namespace OpenAIImages.Testing.Transport;

/// <summary>The in-process body of a paced answer: each piece becomes readable after its delay on the emulator's clock; a reset answer fails where it breaks off, as a socket's read does.</summary>
internal sealed class PacedBodyStream : Stream
{
    private readonly EngineResponse _answer;
    private int _index;
    private int _offset;
    private bool _waited;

    public PacedBodyStream(EngineResponse answer)
    {
        _answer = answer;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var chunks = _answer.Chunks!;
        while (true)
        {
            if (_index >= chunks.Count)
            {
                return _answer.ResetAfterChunks
                    ? throw new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely: the emulator reset the connection (scripted fault: EmulatedFault.ResetMidBody).")
                    : 0;
            }

            BodyChunk chunk = chunks[_index];
            if (!_waited)
            {
                if (chunk.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(chunk.Delay, _answer.Clock, cancellationToken).ConfigureAwait(false);
                }

                _waited = true;
            }

            int count = Math.Min(buffer.Length, chunk.Data.Length - _offset);
            chunk.Data.Slice(_offset, count).CopyTo(buffer);
            _offset += count;
            if (_offset == chunk.Data.Length)
            {
                _index++;
                _offset = 0;
                _waited = false;
            }

            if (count > 0 || buffer.Length == 0)
            {
                return count;
            }
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
