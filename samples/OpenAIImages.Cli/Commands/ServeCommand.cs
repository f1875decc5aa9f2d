using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using OpenAIImages.Cli.Parsing;
using OpenAIImages.Testing;

namespace OpenAIImages.Cli.Commands;

/// <summary>serve [--port N] [--latency PROFILE] [--fault SCHEDULE] [--images-per-minute N]: hosts the emulator on 127.0.0.1, prints its base URL, and runs until cancelled (Ctrl+C).</summary>
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

        ImagesEmulatorOptions options = Options(input);
        var emulator = new ImagesEmulator(options);
        EmulatorServer server = await emulator.StartServerAsync(port, ct).ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            context.Stdout.WriteLine(server.BaseAddress.AbsoluteUri);
            await context.Stdout.FlushAsync(ct).ConfigureAwait(false);
            context.Stderr.WriteLine($"Offline emulator listening. Use OPENAI_BASE_URL={server.BaseAddress.AbsoluteUri} with any OPENAI_API_KEY. Press Ctrl+C to stop.");
            if (options.Latency != EmulatedLatency.None || options.FaultSchedule.Count > 0 || options.ImagesPerMinute is not null)
            {
                string limit = options.ImagesPerMinute is { } perMinute ? perMinute.ToString(CultureInfo.InvariantCulture) + " images a minute per key" : "no image limit";
                context.Stderr.WriteLine($"Latency {options.Latency}; {options.FaultSchedule.Count.ToString(CultureInfo.InvariantCulture)} scripted fault(s) for the first requests; {limit}.");
            }
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

    private static ImagesEmulatorOptions Options(CommandInput input)
    {
        // Its clients are other processes, which cannot read what it recorded: it keeps none, so a long-running server stays flat.
        var options = new ImagesEmulatorOptions { MaxRecordedRequests = 0 };
        try
        {
            if (input.Get(input.Symbols.Latency) is { } latency)
            {
                options.Latency = EmulatedLatency.Parse(latency);
            }

            if (input.Get(input.Symbols.Fault) is { } schedule)
            {
                foreach (EmulatedFault fault in EmulatedFault.ParseSchedule(schedule))
                {
                    options.FaultSchedule.Add(fault);
                }
            }
        }
        catch (ArgumentException error)
        {
            // The message without the " (Parameter 'x')" that ArgumentException appends: the flag is what the user typed.
            string message = error.ParamName is null ? error.Message : error.Message.Replace($" (Parameter '{error.ParamName}')", string.Empty, StringComparison.Ordinal);
            throw new UsageException(message);
        }

        if (input.Get(input.Symbols.ImagesPerMinute) is { } perMinute)
        {
            options.ImagesPerMinute = perMinute > 0
                ? perMinute
                : throw new UsageException($"{input.Symbols.ImagesPerMinute.Name} must be 1 or more; got {perMinute.ToString(CultureInfo.InvariantCulture)}");
        }

        return options;
    }
}
