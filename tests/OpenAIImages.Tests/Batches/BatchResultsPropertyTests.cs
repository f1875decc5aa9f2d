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
using OpenAIImages.Batches;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.Batches;

/// <summary>Random output files: lines of every kind, ids that clash or escape, lines and files cut anywhere.</summary>
public sealed class BatchResultsPropertyTests : IDisposable
{
    private const string Secret = "sk-proj-PROPERTYsecret987654321";

    private static readonly string[] Ids = ["a", "dup", "DUP", "a/b", "a_b", "..", ".", "request", ".hidden", "con", "x\\y", "é/ü", "\ud800", "id-" + Secret, new string('n', 300), "   ", ""];

    private static readonly Gen<Line> Lines = Gen.Select(
            Gen.Frequency((12, Gen.Enum<Kind>().Where(k => k is not (Kind.BigSuccess or Kind.BigTruncated))), (1, Gen.OneOf(Gen.Const(Kind.BigSuccess), Gen.Const(Kind.BigTruncated)))),
            Gen.Int[0, Ids.Length - 1],
            Gen.Int[0, 48],
            Gen.Int[1, 2_000_000])
        .Select((kind, id, image, cut) => new Line(kind, Ids[id], image, cut));

    private static readonly Gen<Case> Cases = Gen.Select(Lines.Array[0, 12], Gen.Bool, Gen.Int[0, 100_000], Gen.Int[1, 5000])
        .Select((lines, failAtEnd, cut, chunk) => new Case(lines, failAtEnd, cut, chunk));

    private readonly string _root = Path.Combine(Path.GetTempPath(), "batch-property-" + Guid.NewGuid().ToString("N"));

    private enum Kind
    {
        Success,
        Failed,
        NoAnswer,
        Truncated,
        Garbage,
        Blank,

        // Longer than the reader holds (1 MB): streamed to its file, whole or cut short.
        BigSuccess,
        BigTruncated,
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Random_output_files_save_every_paid_line_once_inside_the_folder_and_end_only_in_documented_errors()
    {
        int sample = 0;
        await Cases.SampleAsync(
            async c =>
            {
                string folder = Path.Combine(_root, "s" + Interlocked.Increment(ref sample), "out");
                byte[] file = c.File(out int complete);
                var api = new RecordingApi().Answer(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new ChunkedStream(file, c.Lines.Any(l => l.Bytes.Length > 100_000) ? Math.Max(c.Chunk, 16 * 1024) : c.Chunk, fail: c.FailAtEnd)) });
                var client = new ImagesBatchClient(api.Handler.ToHttpClient(), RecordingApi.Options());
                var batch = new ImagesBatch("batch_1", "completed", null, "file-in", "file-out", null, new ImagesBatchRequestCounts(c.Lines.Length, 0, 0), null, null);
                var results = new List<ImagesBatchLineResult>();
                Exception? error = null;
                try
                {
                    await foreach (ImagesBatchLineResult result in client.ReadResultsAsync(batch, folder))
                    {
                        results.Add(result);
                    }
                }
                catch (Exception ex)
                {
                    error = ex;
                }

                Assert.True(error is null or ImagesConnectionException, $"{c}: {error}");
                Assert.True(error is not null == c.FailAtEnd, $"{c}: the connection failed: {c.FailAtEnd}; the read ended in {error?.GetType().Name ?? "no error"}");
                foreach (string message in results.Select(r => r.Error?.ToString() ?? string.Empty).Append(error?.ToString() ?? string.Empty))
                {
                    Assert.DoesNotContain(Secret, message, StringComparison.Ordinal);
                }

                // Every success line that arrived whole is saved, in its own file, with its own image.
                Line[] paid = c.Lines.Take(complete).Where(l => l.Paid).ToArray();
                ImagesBatchLineResult[] saved = results.Where(r => r.Succeeded).ToArray();
                Assert.True(saved.Length >= paid.Length, $"{c}: {paid.Length} paid lines, {saved.Length} saved");
                string[] paths = saved.SelectMany(r => r.Result!.Images.Select(i => i.FilePath!)).ToArray();
                Assert.Equal(paths.Length, paths.Distinct(StringComparer.OrdinalIgnoreCase).Count());
                string[] onDisk = Directory.Exists(folder) ? Directory.GetFiles(Path.GetDirectoryName(folder)!, "*", SearchOption.AllDirectories) : [];
                Assert.Equal(paths.Order(StringComparer.Ordinal), onDisk.Order(StringComparer.Ordinal));
                Assert.All(paths, p => Assert.Equal(folder, Path.GetDirectoryName(p)));
                for (int i = 0; i < paid.Length; i++)
                {
                    Assert.True(paid[i].Bytes.AsSpan().SequenceEqual(File.ReadAllBytes(saved[i].Result!.Images[0].FilePath!)), $"{c}: line {i} saved another image");
                }
            },
            iter: 150,
            threads: 1);
    }

    private sealed record Line(Kind Kind, string Id, int Image, int Cut)
    {
        public bool Paid => Kind is Kind.Success or Kind.BigSuccess;

        public byte[] Bytes => Kind is Kind.BigSuccess or Kind.BigTruncated ? Big(Image) : BatchFaultTests.Image(Image);

        private static byte[] Big(int seed) => [.. BatchFaultTests.Image(seed), .. Enumerable.Repeat((byte)seed, 1_200_000)];

        public string Text()
        {
            string id = System.Text.Json.JsonSerializer.Serialize(Id);
            string success = BatchFaultTests.Success(Id, Bytes);
            return Kind switch
            {
                Kind.Success => success,
                Kind.Failed => "{\"custom_id\":" + id + ",\"response\":{\"status_code\":400,\"request_id\":\"" + Secret + "\",\"body\":{\"error\":{\"message\":\"no " + Secret + "\",\"type\":\"" + Secret + "\",\"param\":\"" + Secret + "\",\"code\":\"" + Secret + "\"}}},\"error\":null}",
                Kind.NoAnswer => "{\"custom_id\":" + id + ",\"response\":null,\"error\":{\"code\":\"batch_expired\",\"message\":\"expired " + Secret + "\"}}",
                Kind.Truncated or Kind.BigTruncated => success[..Math.Min(Cut % success.Length, success.Length - 1)],
                Kind.BigSuccess => success,
                Kind.Garbage => "\u001b[31m{" + Secret + "\\ud800" + new string('}', Cut % 5),
                _ => "   ",
            };
        }
    }

    private sealed record Case(Line[] Lines, bool FailAtEnd, int Cut, int Chunk)
    {
        /// <summary>The file, cut at <see cref="Cut"/> when it fails; <paramref name="complete"/> is how many lines arrived whole.</summary>
        public byte[] File(out int complete)
        {
            byte[] whole = Encoding.UTF8.GetBytes(string.Concat(Lines.Select(l => l.Text() + "\n")));
            if (!FailAtEnd || Cut >= whole.Length)
            {
                complete = Lines.Length;
                return whole;
            }

            complete = whole.Take(Cut).Count(b => b == (byte)'\n');
            return whole[..Cut];
        }

        public override string ToString() =>
            $"{string.Join(", ", Lines.Select(l => $"{l.Kind}({l.Id.Length} chars, image {l.Image})"))}; {(FailAtEnd ? "fails at " + Cut : "whole")}, chunks of {Chunk}";
    }
}
