using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CsCheck;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Responses;

/// <summary>
/// Random bodies (CsCheck): random images spelled every way a server may spell base64, then broken at random (cut,
/// a byte changed, added or dropped, the connection failing), read in random chunks, in memory and to files. Whatever
/// happens: only documented exceptions, both paths accept and reject the same bodies, and a failed call leaves no file.
/// </summary>
public sealed class ResponsePropertyTests : IDisposable
{
    private static readonly ImageGenerationOptions Request = new("a lighthouse") { Model = ImageModel.GptImage2 };
    private static readonly byte[] Downloaded = TestImages.Png(3, 3);

    private readonly string _dir = Directory.CreateTempSubdirectory("openaiimages-props-").FullName;

    private enum Damage
    {
        None,
        Cut,
        Replace,
        Insert,
        Delete,
        ConnectionFails,
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>One random case: the images (null: a URL image), how to spell them, how to break the body, how to read it.</summary>
    private sealed record Case(byte[]?[] Images, int SpellingSeed, Damage Damage, int Position, byte Byte, int Chunk)
    {
        public override string ToString() =>
            $"{Images.Length} image(s) [{string.Join(",", Images.Select(i => i?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "url"))}], spelling {SpellingSeed}, {Damage} at {Position} ({Byte}), chunks of {Chunk}";
    }

    private static readonly Gen<Case> Cases =
        Gen.Select(
            Gen.Frequency((4, Gen.Byte.Array[1, 400].Select(b => (byte[]?)b)), (1, Gen.Const((byte[]?)null))).Array[0, 3],
            Gen.Int,
            Gen.Enum<Damage>(),
            Gen.Int[0, int.MaxValue],
            Gen.Byte,
            Gen.Int[1, 97])
        .Select((images, seed, damage, position, b, chunk) => new Case(images, seed, damage, position, b, chunk));

    // Base64 as servers spell it: escaped slashes and pluses, line breaks (escaped), raw spaces, padding kept or not.
    private static string Spell(byte[] bytes, Random random)
    {
        string b64 = Convert.ToBase64String(bytes);
        if (random.Next(2) == 0)
        {
            b64 = b64.TrimEnd('=');
        }

        var text = new StringBuilder("\"");
        foreach (char c in b64)
        {
            if (random.Next(30) == 0)
            {
                text.Append(random.Next(4) switch { 0 => "\\n", 1 => "\\r\\n", 2 => " ", _ => "\\u0020" });
            }

            text.Append(c switch
            {
                '/' => random.Next(3) switch { 0 => "/", 1 => "\\/", _ => "\\u002F" },
                '+' when random.Next(2) == 0 => "\\u002b",
                _ => c.ToString(),
            });
        }

        return text.Append('"').ToString();
    }

    private static byte[] Body(Case c)
    {
        var random = new Random(c.SpellingSeed);
        IEnumerable<string> items = c.Images.Select((image, i) => image is null
            ? "{\"url\":\"https://cdn.test/img/" + i + ".png?sig=x\"}"
            : "{\"b64_json\":" + Spell(image, random) + ",\"revised_prompt\":\"p" + i + "\"}");
        string json = "{\"created\":1700000000,\"data\":[" + string.Join(",", items) + "],\"output_format\":\"png\",\"usage\":{\"input_tokens\":1,\"output_tokens\":2,\"total_tokens\":3}}";
        byte[] body = Encoding.UTF8.GetBytes(json);
        int p = c.Position % (body.Length + 1);
        return c.Damage switch
        {
            Damage.Cut or Damage.ConnectionFails => body[..p],
            Damage.Replace when p < body.Length => [.. body[..p], c.Byte, .. body[(p + 1)..]],
            Damage.Insert => [.. body[..p], c.Byte, .. body[p..]],
            Damage.Delete when p < body.Length => [.. body[..p], .. body[(p + 1)..]],
            _ => body,
        };
    }

    private static ImagesClient Client(Case c, byte[] body) => new RecordingApi().Answer(sent => sent.Method == HttpMethod.Get
        ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Downloaded) }
        : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new ChunkedStream(body, c.Chunk, fail: c.Damage == Damage.ConnectionFails)) }).Client();

    private static async Task<(ImageResult? Result, Exception? Error)> Run(Func<Task<ImageResult>> call)
    {
        try
        {
            return (await call(), null);
        }
        catch (Exception ex)
        {
            return (null, ex);
        }
    }

    private static void AssertDocumented(Exception? error, Case c)
    {
        if (error is not null && error is not (ImagesInvalidResponseException or ImagesConnectionException))
        {
            Assert.Fail($"{c}: {error.GetType()}: {error.Message}");
        }
    }

    [Fact]
    public async Task Random_and_broken_bodies_give_a_result_or_a_documented_error_the_same_in_memory_and_to_files()
    {
        int sample = 0;
        await Cases.SampleAsync(
            async c =>
            {
                byte[] body = Body(c);
                string dir = Path.Combine(_dir, "s" + Interlocked.Increment(ref sample));

                (ImageResult? inMemory, Exception? memoryError) = await Run(() => Client(c, body).GenerateAsync(Request));
                (ImageResult? toFiles, Exception? filesError) = await Run(() => Client(c, body).GenerateToFilesAsync(Request, dir));

                AssertDocumented(memoryError, c);
                AssertDocumented(filesError, c);
                Assert.True(memoryError is null == filesError is null, $"{c}: in memory {memoryError?.Message ?? "accepted"}; to files {filesError?.Message ?? "accepted"}");
                string[] onDisk = Directory.Exists(dir) ? Directory.GetFiles(dir, "*", SearchOption.AllDirectories) : [];
                if (filesError is not null)
                {
                    Assert.True(onDisk.Length == 0, $"{c}: a failed call left {string.Join(", ", onDisk)}");
                    Assert.True(c.Damage != Damage.None, $"{c}: an undamaged body was refused: {filesError.Message}");
                    return;
                }

                Assert.Equal(inMemory!.Images.Count, toFiles!.Images.Count);
                Assert.Equal(toFiles.Images.Select(i => i.FilePath!).Order(StringComparer.Ordinal), onDisk.Order(StringComparer.Ordinal));
                for (int i = 0; i < toFiles.Images.Count; i++)
                {
                    byte[] written = await File.ReadAllBytesAsync(toFiles.Images[i].FilePath!);
                    Assert.True(inMemory.Images[i].HasBytes ? written.AsSpan().SequenceEqual(inMemory.Images[i].Bytes.Span) : written.AsSpan().SequenceEqual(Downloaded), $"{c}: image {i} differs");
                }

                if (c.Damage == Damage.None)
                {
                    Assert.Equal(c.Images.Length, inMemory.Images.Count);
                    for (int i = 0; i < c.Images.Length; i++)
                    {
                        Assert.True(c.Images[i] is null ? inMemory.Images[i].Url is not null : c.Images[i].AsSpan().SequenceEqual(inMemory.Images[i].Bytes.Span), $"{c}: image {i} is not what was sent");
                    }
                }
            },
            iter: 400,
            threads: 1);
    }

    /// <summary>One random stream: partial images and the completed one, random line ends, comments, a BOM, then cut or failed anywhere.</summary>
    private sealed record StreamCase(byte[][] Partials, byte[] Final, int LayoutSeed, bool Bom, Damage Damage, int Position, int Chunk)
    {
        public override string ToString() => $"{Partials.Length} partial(s), layout {LayoutSeed}, BOM {Bom}, {Damage} at {Position}, chunks of {Chunk}";
    }

    private static readonly Gen<StreamCase> StreamCases =
        Gen.Select(Gen.Byte.Array[1, 200].Array[0, 3], Gen.Byte.Array[1, 200], Gen.Int, Gen.Bool, Gen.OneOf(Damage.None, Damage.Cut, Damage.ConnectionFails), Gen.Int[0, int.MaxValue], Gen.Int[1, 64])
        .Select((partials, final, seed, bom, damage, position, chunk) => new StreamCase(partials, final, seed, bom, damage, position, chunk));

    private static byte[] StreamBody(StreamCase c)
    {
        var random = new Random(c.LayoutSeed);
        string last = string.Empty;

        // A line end of any kind; after a lone CR, not a lone LF, which would make the two one CRLF.
        string Eol() => last = random.Next(last == "\r" ? 2 : 3) switch { 0 => "\r\n", 1 => "\r", _ => "\n" };
        var text = new StringBuilder();
        void Event(string type, byte[] image, string extra)
        {
            if (random.Next(3) == 0)
            {
                text.Append(": keep-alive").Append(Eol());
            }

            text.Append("event: ").Append(type).Append(Eol());
            text.Append("data: {\"type\":\"").Append(type).Append("\",\"b64_json\":\"").Append(Convert.ToBase64String(image)).Append('"').Append(extra).Append('}').Append(Eol());
            text.Append(Eol());
        }

        for (int i = 0; i < c.Partials.Length; i++)
        {
            Event("image_generation.partial_image", c.Partials[i], ",\"partial_image_index\":" + i);
        }

        Event("image_generation.completed", c.Final, ",\"usage\":{\"input_tokens\":1,\"output_tokens\":2,\"total_tokens\":3}");
        byte[] body = [.. (c.Bom ? new byte[] { 0xEF, 0xBB, 0xBF } : []), .. Encoding.UTF8.GetBytes(text.ToString())];
        return c.Damage == Damage.None ? body : body[..(c.Position % (body.Length + 1))];
    }

    [Fact]
    public async Task Random_and_broken_event_streams_give_every_event_or_a_stream_error()
    {
        await StreamCases.SampleAsync(
            async c =>
            {
                byte[] body = StreamBody(c);
                var api = new RecordingApi().Answer(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new ChunkedStream(body, c.Chunk, fail: c.Damage == Damage.ConnectionFails)) });
                var events = new List<ImageStreamEvent>();
                Exception? error = null;
                try
                {
                    await foreach (ImageStreamEvent e in api.Client().GenerateStreamingAsync(new ImageGenerationOptions("x") { Model = ImageModel.GptImage2, PartialImages = 3 }))
                    {
                        events.Add(e);
                    }
                }
                catch (Exception ex)
                {
                    error = ex;
                }

                if (error is not null)
                {
                    Assert.True(error is ImagesStreamException, $"{c}: {error.GetType()}: {error.Message}");
                    Assert.True(c.Damage != Damage.None, $"{c}: an undamaged stream failed: {error.Message}");
                    return;
                }

                byte[][] expected = [.. c.Partials, c.Final];
                Assert.Equal(expected.Length, events.Count);
                for (int i = 0; i < expected.Length; i++)
                {
                    Assert.True(expected[i].AsSpan().SequenceEqual(events[i].Image.Bytes.Span), $"{c}: event {i} differs");
                }
            },
            iter: 400,
            threads: 1);
    }
}
