using System.Globalization;

namespace OpenAIImages.Benchmarks;

/// <summary>One row of the growth benchmark: one client at one size, measured in a child process.</summary>
/// <param name="Case">batch, inflight, large-gen, large-edit, large-lines, fanout, journal, journal-resume or redis.</param>
/// <param name="Variant">The client (raw, ours, ours-files, ours-stream, official) or the Redis row.</param>
/// <param name="N">The size: lines, calls in flight, images, input files, prompts, processes or calls.</param>
/// <param name="PeakBytes">The child's peak working set.</param>
/// <param name="AllocatedBytes">Bytes allocated by the measured run.</param>
/// <param name="Milliseconds">The measured run's time.</param>
/// <param name="Detail">What the run did, as the child checked it; a Redis row's starts with its figure.</param>
public sealed record GrowthRow(string Case, string Variant, int N, long PeakBytes, long AllocatedBytes, double Milliseconds, string Detail)
{
    /// <summary>Gets the figure a Redis row's detail starts with (permits/s or µs per call); 0 for the other rows.</summary>
    public double Figure => Case == "redis" && double.TryParse(Detail.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double figure) ? figure : 0;

    /// <summary>Gets the peak working set in MB.</summary>
    public double PeakMB => PeakBytes / 1e6;

    /// <summary>Gets the time per unit of work in ms: per line, call in flight, image, input or prompt (the in-flight rows: the whole run in s).</summary>
    public double PerUnit => Case == "inflight" ? Milliseconds / 1000 : Milliseconds / N;

    /// <summary>The row as the console shows it.</summary>
    public string Line() => string.Create(
        CultureInfo.InvariantCulture,
        $"OK   {Case,-10} {Variant,-12} N={N,-7} peak {PeakMB,8:0.0} MB  allocated {AllocatedBytes / 1e6,9:0.0} MB  time {Milliseconds / 1000,7:0.00} s  {Detail}");

    /// <summary>The row as a line of growth-rows.tsv.</summary>
    public string Tsv() => string.Join('\t', Case, Variant, N.ToString(CultureInfo.InvariantCulture), PeakBytes.ToString(CultureInfo.InvariantCulture), AllocatedBytes.ToString(CultureInfo.InvariantCulture), Milliseconds.ToString("0.0", CultureInfo.InvariantCulture), Detail);

    /// <summary>Reads a line of growth-rows.tsv.</summary>
    public static GrowthRow FromTsv(string line)
    {
        string[] f = line.Split('\t');
        return new GrowthRow(f[0], f[1], int.Parse(f[2], CultureInfo.InvariantCulture), long.Parse(f[3], CultureInfo.InvariantCulture), long.Parse(f[4], CultureInfo.InvariantCulture), double.Parse(f[5], CultureInfo.InvariantCulture), f[6]);
    }
}
