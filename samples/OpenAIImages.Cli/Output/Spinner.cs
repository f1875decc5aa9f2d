using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAIImages.Cli.Output;

/// <summary>Shows a spinner with the elapsed seconds on stderr while a request runs, and clears it when disposed.</summary>
/// <remarks>
/// Only for a terminal. When stderr is redirected (a log, CI), a gpt-image call of a minute would show nothing, so the
/// call gets whole lines instead: one when it starts and one when it ends, with the seconds it took (a wait for the
/// client-side rate limit has its own line, from <see cref="RateLimitNotices"/>).
/// </remarks>
internal sealed class Spinner : IAsyncDisposable
{
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
    public static IAsyncDisposable Start(TextWriter output, bool enabled, string label, bool lines = false) =>
        enabled ? new Spinner(output, label) : lines ? new ProgressLines(output, label) : NoSpinner.Instance;

    public async ValueTask DisposeAsync()
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
                string line = $"{Frames[frame++ % Frames.Length]} {_label} {(int)elapsed.Elapsed.TotalSeconds}s";
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

    /// <summary>The lines written instead of a spinner when stderr is not a terminal.</summary>
    private sealed class ProgressLines : IAsyncDisposable
    {
        private readonly TextWriter _output;
        private readonly string _label;
        private readonly Stopwatch _elapsed = Stopwatch.StartNew();

        public ProgressLines(TextWriter output, string label)
        {
            _output = output;
            _label = label;
            output.WriteLine($"{label}: started.");
            output.Flush();
        }

        public async ValueTask DisposeAsync()
        {
            await _output.WriteLineAsync($"{_label}: ended after {(int)_elapsed.Elapsed.TotalSeconds} s.").ConfigureAwait(false);
            await _output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private sealed class NoSpinner : IAsyncDisposable
    {
        public static readonly NoSpinner Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
