using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using OpenAIImages.Testing.Imaging;
using OpenAIImages.Testing.Rules;

namespace OpenAIImages.Testing.Engine;

/// <summary>Draws a validated job's images and writes the success answer: an <c>ImagesResponse</c> or an event stream.</summary>
internal sealed class ResultWriter
{
    private const string RevisedPromptSuffix = ", rendered as a smooth two-colour gradient";

    private readonly ImageJob _job;
    private readonly long _created;
    private readonly bool _azure;
    private readonly InputImages? _inputs;

    /// <summary>Creates the writer; <paramref name="azure"/> adds Azure OpenAI's filter results to each image of a JSON answer.</summary>
    public ResultWriter(ImageJob job, long created, bool azure = false)
    {
        _job = job;
        _created = created;
        _azure = azure;
        _inputs = job.Endpoint == Endpoint.Generations ? null : InputImages.Decode(job.Inputs, job.Mask);
    }

    /// <summary>Writes <c>{"created":…,"data":[…],…}</c>; <paramref name="storeUrl"/> turns an encoded image into a URL the emulator serves.</summary>
    public EngineResponse WriteJson(Func<byte[], string> storeUrl)
    {
        // The images first, so that the answer's buffer is made once at its size rather than grown through copies.
        byte[][] images = [.. Enumerable.Range(0, _job.N).Select(index => Encode(Picture(ImageSeed(index))))];
        var buffer = new ArrayBufferWriter<byte>((_job.AsUrl ? 0 : images.Sum(image => (image.Length + 2) / 3 * 4)) + (_job.N * 1024) + 1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("created", _created);
            writer.WriteStartArray("data");
            for (int index = 0; index < _job.N; index++)
            {
                byte[] image = images[index];
                writer.WriteStartObject();
                if (_job.AsUrl)
                {
                    writer.WriteString("url", storeUrl(image));
                }
                else
                {
                    writer.WriteBase64String("b64_json", image);
                }

                if (_azure)
                {
                    ContentFilterWriter.WriteSafe(writer);
                }

                if (_job.Model.RevisesPrompt)
                {
                    writer.WriteString("revised_prompt", _job.Prompt + RevisedPromptSuffix);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (_job.Model.IsGpt)
            {
                writer.WriteString("background", _job.Background);
                writer.WriteString("output_format", _job.OutputFormat);
                writer.WriteString("quality", _job.Quality);
                writer.WriteString("size", _job.SizeText);
                WriteUsage(writer, _job.N);
            }

            writer.WriteEndObject();
        }

        return new EngineResponse(200, "application/json", buffer.WrittenSpan.ToArray());
    }

    /// <summary>Writes the event stream: for each image its partial images, then its completed event with usage, spread evenly through <paramref name="latency"/>.</summary>
    public EngineResponse WriteEvents(TimeSpan latency)
    {
        string prefix = _job.Endpoint == Endpoint.Edits ? "image_edit" : "image_generation";
        using var output = new System.IO.MemoryStream();
        var ends = new List<int>();
        for (int index = 0; index < _job.N; index++)
        {
            IPicture final = Picture(ImageSeed(index));
            for (int partial = 0; partial < _job.PartialImages; partial++)
            {
                WriteEvent(output, prefix + ".partial_image", Encode(new CoarsePicture(final, CoarsePicture.BlockOf(partial, _job.PartialImages))), partial);
                ends.Add((int)output.Length);
            }

            WriteEvent(output, prefix + ".completed", Encode(final), null);
            ends.Add((int)output.Length);
        }

        byte[] body = output.ToArray();
        var chunks = new List<BodyChunk>(ends.Count);
        TimeSpan step = latency / ends.Count;
        int start = 0;
        foreach (int end in ends)
        {
            chunks.Add(new BodyChunk(step, body.AsMemory(start, end - start)));
            start = end;
        }

        return new EngineResponse(200, "text/event-stream", body) { Chunks = chunks };
    }

    private void WriteEvent(System.IO.Stream output, string type, byte[] image, int? partialIndex)
    {
        var buffer = new ArrayBufferWriter<byte>(image.Length * 4 / 3 + 512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteBase64String("b64_json", image);
            writer.WriteNumber("created_at", _created);
            writer.WriteString("size", _job.SizeText);
            writer.WriteString("quality", _job.Quality);
            writer.WriteString("background", _job.Background);
            writer.WriteString("output_format", _job.OutputFormat);
            if (partialIndex is { } partial)
            {
                writer.WriteNumber("partial_image_index", partial);
            }
            else
            {
                WriteUsage(writer, 1);
            }

            writer.WriteEndObject();
        }

        output.Write(Encoding.UTF8.GetBytes("event: " + type + "\ndata: "));
        output.Write(buffer.WrittenSpan);
        output.Write("\n\n"u8);
    }

    private void WriteUsage(Utf8JsonWriter writer, int images)
    {
        int textTokens = Math.Max(1, (_job.Prompt.Length + 3) / 4);
        int imageTokens = _job.Endpoint == Endpoint.Edits ? 323 * _job.Inputs.Count : 0;
        int perImage = _job.Quality switch
        {
            "low" => 272,
            "high" => 4160,
            _ => 1056,
        };
        int outputTokens = images * (int)Math.Max(1, Math.Round(perImage * ((double)_job.Width * _job.Height / (1024 * 1024))));
        writer.WriteStartObject("usage");
        writer.WriteNumber("input_tokens", textTokens + imageTokens);
        writer.WriteNumber("output_tokens", outputTokens);
        writer.WriteNumber("total_tokens", textTokens + imageTokens + outputTokens);
        writer.WriteStartObject("input_tokens_details");
        writer.WriteNumber("text_tokens", textTokens);
        writer.WriteNumber("image_tokens", imageTokens);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The seed of image <paramref name="index"/>: the prompt for generations, the input bytes (and prompt) for edits and variations.</summary>
    private ulong ImageSeed(int index)
    {
        ulong hash = StableHash.Of(((int)_job.Endpoint).ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (byte[] input in _job.Inputs)
        {
            hash = StableHash.Of(input, hash);
        }

        hash = StableHash.Of(_job.Prompt, hash);
        return StableHash.Mix(hash, index);
    }

    /// <summary>Draws the seed's picture: its gradient, or for an edit or variation whose first input decodes, the picture drawn from the inputs.</summary>
    private IPicture Picture(ulong seed)
    {
        var gradient = new Gradient(_job.Width, _job.Height, seed, _job.Background == "transparent");
        return _inputs is null ? gradient : _inputs.Paint(gradient);
    }

    /// <summary>Encodes a picture in the requested output format (and compression, and GIF frames).</summary>
    private byte[] Encode(IPicture picture) => ImageEncoder.Encode(
        picture,
        new ImageOutput(_job.OutputFormat, _job.OutputCompression, _job.FrameCount, _job.FrameDurationMs));
}
