using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Cli.Output;

/// <summary>Shows a spinner with the call's phase and the elapsed seconds on stderr while a request runs, and clears it when disposed.</summary>
/// <remarks>
/// Only for a terminal. When stderr is redirected (a log, CI), a gpt-image call of a minute would show nothing, so the
/// call gets whole lines instead: one when it starts, one each time its phase changes (the SDK's
/// <see cref="ImageCallProgress"/>: sending, waiting for the service, reading, downloading, saving) and one when it
/// ends, with the seconds it took (a wait for the client-side rate limit has its own line, from
/// <see cref="RateLimitNotices"/>).
/// </remarks>
internal sealed class Spinner : CallProgress
{
    private volatile string _phase = string.Empty;

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private static readonly char[] Frames = ['|', '/', '-', '\\'];

    private readonly TextWriter _output;
    private readonly string _label;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _width;

    private Spinner(TextWriter output, string label)
    {
        _output = output;
        _label = label;
        _loop = RunAsync();
    }

    /// <summary>Starts a spinner on a terminal; else writes a line now and one when disposed (<paramref name="lines"/>), or nothing.</summary>
    public static CallProgress Start(TextWriter output, bool enabled, string label, bool lines = false) =>
        enabled ? new Spinner(output, label) : lines ? new ProgressLines(output, label) : NoSpinner.Instance;

    public override void Report(ImageCallProgress value) => _phase = value.Phase == ImageCallPhase.WaitingForRateLimit ? string.Empty : ": " + Phase(value);

    public override async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
        if (_width > 0)
        {
            await _output.WriteAsync("\r" + new string(' ', _width) + "\r").ConfigureAwait(false);
            await _output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task RunAsync()
    {
        var elapsed = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(Interval);
        int frame = 0;
        try
        {
            do
            {
                string line = $"{Frames[frame++ % Frames.Length]} {_label}{_phase} {(int)elapsed.Elapsed.TotalSeconds}s";
                _width = Math.Max(_width, line.Length);
                await _output.WriteAsync("\r" + line).ConfigureAwait(false);
                await _output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Disposed: the request finished.
        }
    }

    // A phase as a line says it; upload progress is the phase's own figure, so a line shows only where it stands now.
    private static string Phase(ImageCallProgress value) => value.Phase switch
    {
        ImageCallPhase.Sending => "sending",
        _ => value.ToString(),
    };

    /// <summary>The lines written instead of a spinner when stderr is not a terminal.</summary>
    private sealed class ProgressLines : CallProgress
    {
        private readonly TextWriter _output;
        private readonly string _label;
        private readonly Stopwatch _elapsed = Stopwatch.StartNew();
        private string? _last;

        public ProgressLines(TextWriter output, string label)
        {
            _output = output;
            _label = label;
            output.WriteLine($"{label}: started.");
            output.Flush();
        }

        // One line a phase (the rate-limit wait has its own), however many reports the phase has.
        public override void Report(ImageCallProgress value)
        {
            string phase = Phase(value);
            if (value.Phase == ImageCallPhase.WaitingForRateLimit || phase == _last)
            {
                return;
            }

            _last = phase;
            lock (_output)
            {
                _output.WriteLine($"{_label}: {phase} ({(int)_elapsed.Elapsed.TotalSeconds} s).");
                _output.Flush();
            }
        }

        public override async ValueTask DisposeAsync()
        {
            await _output.WriteLineAsync($"{_label}: ended after {(int)_elapsed.Elapsed.TotalSeconds} s.").ConfigureAwait(false);
            await _output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private sealed class NoSpinner : CallProgress
    {
        public static readonly NoSpinner Instance = new();

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
