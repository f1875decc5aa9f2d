using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Cli.CommandLine;
using OpenAIImages.Cli.Output;

namespace OpenAIImages.Cli.Commands;

/// <summary>generate, edit and variation: build one request, send it, save the images, print their paths.</summary>
internal static class SingleRequestCommand
{
    public static Task<int> GenerateAsync(ParsedArguments args, CliContext context, CancellationToken ct)
    {
        ImageGenerationOptions request = RequestBuilder.Generation(args.Positionals[0], args);
        return RunAsync(args, context, "generating", RequestBuilder.ContextOf(request), (client, token) => client.GenerateAsync(request, token), ct);
    }

    public static Task<int> EditAsync(ParsedArguments args, CliContext context, CancellationToken ct)
    {
        ImageEditOptions request = RequestBuilder.Edit(args.Positionals[0], args);
        return RunAsync(args, context, "editing", RequestBuilder.ContextOf(request), (client, token) => client.EditAsync(request, token), ct);
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
}
