using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Cli.Output;
using OpenAIImages.Cli.Parsing;

namespace OpenAIImages.Cli.Commands;

/// <summary>generate, edit and variation: build one request, send it, save the images, print their paths.</summary>
/// <remarks>With <c>--stream</c>, generate and edit save and print each partial image as it arrives, then the completed image.</remarks>
internal static class SingleRequestCommand
{
    public static Task<int> GenerateAsync(CommandInput input, CancellationToken ct)
    {
        bool stream = CheckStreaming(input);
        ImageGenerationOptions request = RequestBuilder.Generation(input.Get(input.Symbols.Prompt), input);
        SaveContext saveContext = RequestBuilder.ContextOf(request);
        return stream
            ? StreamAsync(input, "generating", saveContext, client => client.EstimateCost(request), (client, token) => client.GenerateStreamingAsync(request, token), ct)
            : RunAsync(input, "generating", saveContext, client => client.EstimateCost(request), (client, progress, token) => client.GenerateAsync(request with { Progress = progress }, token), ct);
    }

    public static Task<int> EditAsync(CommandInput input, CancellationToken ct)
    {
        bool stream = CheckStreaming(input);
        ImageEditOptions request = RequestBuilder.Edit(input.Get(input.Symbols.Prompt), input);
        SaveContext saveContext = RequestBuilder.ContextOf(request);
        return stream
            ? StreamAsync(input, "editing", saveContext, client => client.EstimateCost(request), (client, token) => client.EditStreamingAsync(request, token), ct)
            : RunAsync(input, "editing", saveContext, client => client.EstimateCost(request), (client, progress, token) => client.EditAsync(request with { Progress = progress }, token), ct);
    }

    public static Task<int> VariationAsync(CommandInput input, CancellationToken ct)
    {
        ImageVariationOptions request = RequestBuilder.Variation(input);
        return RunAsync(input, "creating variations", RequestBuilder.ContextOf(request), client => client.EstimateCost(request), (client, progress, token) => client.CreateVariationAsync(request with { Progress = progress }, token), ct);
    }

    /// <summary>Gets whether to stream; partial images without a stream are a usage error, named before any file is read.</summary>
    private static bool CheckStreaming(CommandInput input)
    {
        bool stream = input.Get(input.Symbols.Stream);
        if (input.Has(input.Symbols.PartialImages) && !stream)
        {
            throw new UsageException($"{input.Symbols.PartialImages.Name} needs {input.Symbols.Stream.Name}: partial images exist only in a streamed response");
        }

        return stream;
    }

    private static async Task<int> RunAsync(
        CommandInput input,
        string activity,
        SaveContext saveContext,
        Func<ImagesClient, ImageCostEstimate> estimate,
        Func<ImagesClient, IProgress<ImageCallProgress>, CancellationToken, Task<ImageResult>> send,
        CancellationToken ct)
    {
        CliContext context = input.Context;
        using Connection connection = Connection.Open(input, new RateLimitNotices(context.Stderr));
        bool limited = input.Has(input.Symbols.MaxCost) && CostLimit.Check(input, estimate(connection.Client));
        ImageCost? cost;
        var saver = new ImageSaver(input.OutFolder, context.Clock);
        IReadOnlyList<string> paths;
        CallProgress spinner = Spinner.Start(context.Stderr, context.ShowProgress, activity, lines: true);
        await using (spinner.ConfigureAwait(false))
        {
            ImageResult result = await send(connection.Client, spinner, ct).ConfigureAwait(false);
            cost = result.Cost;
            paths = await saver.SaveAsync(result, saveContext, ct).ConfigureAwait(false);
        }

        if (limited)
        {
            context.Stderr.WriteLine(CostLimit.Describe(cost));
        }

        foreach (string path in paths)
        {
            context.Stdout.WriteLine(path);
        }

        return ExitCodes.Success;
    }

    // stdout stays one path a line, written as each file is saved; stderr says which lines are partial images.
    private static async Task<int> StreamAsync(
        CommandInput input,
        string activity,
        SaveContext saveContext,
        Func<ImagesClient, ImageCostEstimate> estimate,
        Func<ImagesClient, CancellationToken, IAsyncEnumerable<ImageStreamEvent>> start,
        CancellationToken ct)
    {
        CliContext context = input.Context;
        using Connection connection = Connection.Open(input);
        bool limited = input.Has(input.Symbols.MaxCost) && CostLimit.Check(input, estimate(connection.Client));
        ImageSaver.StreamSaver saver = new ImageSaver(input.OutFolder, context.Clock).StartStream(saveContext);
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
                        if (limited)
                        {
                            await context.Stderr.WriteLineAsync(CostLimit.Describe(completed.Cost).AsMemory(), ct).ConfigureAwait(false);
                        }

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
