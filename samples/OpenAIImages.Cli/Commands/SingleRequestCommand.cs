using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Cli.CommandLine;
using OpenAIImages.Cli.Output;

namespace OpenAIImages.Cli.Commands;

/// <summary>generate, edit and variation: build one request, send it, save the images, print their paths.</summary>
/// <remarks>With <c>--stream</c>, generate and edit save and print each partial image as it arrives, then the completed image.</remarks>
internal static class SingleRequestCommand
{
    public static Task<int> GenerateAsync(ParsedArguments args, CliContext context, CancellationToken ct)
    {
        ImageGenerationOptions request = RequestBuilder.Generation(args.Positionals[0], args);
        SaveContext saveContext = RequestBuilder.ContextOf(request);
        return args.Switch(Flags.Stream)
            ? StreamAsync(args, context, "generating", saveContext, (client, token) => client.GenerateStreamingAsync(request, token), ct)
            : RunAsync(args, context, "generating", saveContext, (client, token) => client.GenerateAsync(request, token), ct);
    }

    public static Task<int> EditAsync(ParsedArguments args, CliContext context, CancellationToken ct)
    {
        ImageEditOptions request = RequestBuilder.Edit(args.Positionals[0], args);
        SaveContext saveContext = RequestBuilder.ContextOf(request);
        return args.Switch(Flags.Stream)
            ? StreamAsync(args, context, "editing", saveContext, (client, token) => client.EditStreamingAsync(request, token), ct)
            : RunAsync(args, context, "editing", saveContext, (client, token) => client.EditAsync(request, token), ct);
    }

    public static Task<int> VariationAsync(ParsedArguments args, CliContext context, CancellationToken ct)
    {
        ImageVariationOptions request = RequestBuilder.Variation(args);
        return RunAsync(args, context, "creating variations", RequestBuilder.ContextOf(request), (client, token) => client.CreateVariationAsync(request, token), ct);
    }

    private static async Task<int> RunAsync(
        ParsedArguments args,
        CliContext context,
        string activity,
        SaveContext saveContext,
        Func<ImagesClient, CancellationToken, Task<ImageResult>> send,
        CancellationToken ct)
    {
        using Connection connection = Connection.Open(args, context);
        var saver = new ImageSaver(args.Text(Flags.Out) ?? ".", context.Clock);
        IReadOnlyList<string> paths;
        await using (Spinner.Start(context.Stderr, context.ShowProgress, activity).ConfigureAwait(false))
        {
            ImageResult result = await send(connection.Client, ct).ConfigureAwait(false);
            paths = await saver.SaveAsync(result, saveContext, ct).ConfigureAwait(false);
        }

        foreach (string path in paths)
        {
            context.Stdout.WriteLine(path);
        }

        return ExitCodes.Success;
    }

    // stdout stays one path a line, written as each file is saved; stderr says which lines are partial images.
    private static async Task<int> StreamAsync(
        ParsedArguments args,
        CliContext context,
        string activity,
        SaveContext saveContext,
        Func<ImagesClient, CancellationToken, IAsyncEnumerable<ImageStreamEvent>> start,
        CancellationToken ct)
    {
        using Connection connection = Connection.Open(args, context);
        ImageSaver.StreamSaver saver = new ImageSaver(args.Text(Flags.Out) ?? ".", context.Clock).StartStream(saveContext);
        IAsyncEnumerator<ImageStreamEvent> events = start(connection.Client, ct).GetAsyncEnumerator(ct);
        await using (events.ConfigureAwait(false))
        {
            while (true)
            {
                // The spinner runs only while waiting, so it never draws over a line already written.
                bool more;
                await using (Spinner.Start(context.Stderr, context.ShowProgress, activity).ConfigureAwait(false))
                {
                    more = await events.MoveNextAsync().ConfigureAwait(false);
                }

                if (!more)
                {
                    break;
                }

                string path;
                switch (events.Current)
                {
                    case ImagePartialEvent partial:
                        path = await saver.SavePartialAsync(partial, ct).ConfigureAwait(false);
                        await context.Stderr.WriteLineAsync($"(partial {partial.PartialImageIndex.ToString(CultureInfo.InvariantCulture)})".AsMemory(), ct).ConfigureAwait(false);
                        break;
                    case ImageCompletedEvent completed:
                        path = await saver.SaveCompletedAsync(completed, ct).ConfigureAwait(false);
                        break;
                    default:
                        continue;
                }

                await context.Stdout.WriteLineAsync(path.AsMemory(), ct).ConfigureAwait(false);
                await context.Stdout.FlushAsync(ct).ConfigureAwait(false);
            }
        }

        return ExitCodes.Success;
    }
}
