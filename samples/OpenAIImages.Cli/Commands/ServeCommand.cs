using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Cli.Parsing;
using OpenAIImages.Testing;

namespace OpenAIImages.Cli.Commands;

/// <summary>serve [--port N]: hosts the emulator on 127.0.0.1, prints its base URL, and runs until cancelled (Ctrl+C).</summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(CommandInput input, CancellationToken ct)
    {
        CliContext context = input.Context;
        int port = input.Get(input.Symbols.Port) ?? 0;
        if (port is < 0 or > 65535)
        {
            throw new UsageException($"{input.Symbols.Port.Name} must be between 0 and 65535 (0: any free port); got {port.ToString(CultureInfo.InvariantCulture)}");
        }

        var emulator = new ImagesEmulator();
        EmulatorServer server = await emulator.StartServerAsync(port, ct).ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            context.Stdout.WriteLine(server.BaseAddress.AbsoluteUri);
            await context.Stdout.FlushAsync(ct).ConfigureAwait(false);
            context.Stderr.WriteLine($"Offline emulator listening. Use OPENAI_BASE_URL={server.BaseAddress.AbsoluteUri} with any OPENAI_API_KEY. Press Ctrl+C to stop.");
            try
            {
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: stopping is the normal way out.
            }
        }

        return ExitCodes.Success;
    }
}
