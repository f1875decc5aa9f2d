using System;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Cli;

/// <summary>Connects <see cref="CliApp"/> to the console, the process environment and Ctrl+C.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // The first Ctrl+C stops the command cleanly; a second one ends the process at once.
            if (!cancellation.IsCancellationRequested)
            {
                e.Cancel = true;
                cancellation.Cancel();
            }
        };

        Console.CancelKeyPress += onCancel;
        try
        {
            return await CliApp.RunAsync(
                args,
                Console.Out,
                Console.Error,
                Environment.GetEnvironmentVariable,
                cancellation.Token,
                showProgress: !Console.IsErrorRedirected).ConfigureAwait(false);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
