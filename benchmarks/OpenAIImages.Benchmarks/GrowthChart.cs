using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security;
using System.Text;

namespace OpenAIImages.Benchmarks;

/// <summary>
/// The growth benchmark's chart, as SVG text written by hand (no dependency): for each case, peak working set against N
/// and time per unit of work against N (N on a log scale), one line per client. Flat lines are the goal.
/// </summary>
public static class GrowthChart
{
    private const int PanelWidth = 440;
    private const int PanelHeight = 230;
    private const int Left = 62;
    private const int Right = 16;
    private const int Top = 34;
    private const int Bottom = 40;
    private const int LegendWidth = 190;

    private static readonly Dictionary<string, string> Colors = new()
    {
        ["raw"] = "#7f7f7f",
        ["ours"] = "#1f77b4",
        ["ours-files"] = "#17becf",
        ["ours-stream"] = "#9467bd",
        ["official"] = "#ff7f0e",
    };

    private static readonly Dictionary<string, (string Name, string Unit, string Time)> Cases = new()
    {
        ["batch"] = ("Batch API", "lines", "ms per line"),
        ["inflight"] = ("Calls in flight", "calls at once", "s in all (hold " + GrowthOptions.Hold.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s)"),
        ["large-gen"] = ("3840x2160 generation to files", "images", "ms per image"),
        ["large-edit"] = ("Edit with large inputs", "input files", "ms per input"),
        ["large-lines"] = ("Batch results of 50 MB lines", "lines", "ms per line"),
        ["fanout"] = ("Fan-out, 16 at a time", "prompts", "ms per prompt"),
        ["journal"] = ("CLI batch with its journal", "prompts", "ms per prompt"),
        ["journal-resume"] = ("CLI batch --resume", "prompts", "ms per prompt"),
    };

    public static string Svg(IReadOnlyList<GrowthRow> rows)
    {
        string[] cases = [.. Cases.Keys.Where(c => rows.Any(r => r.Case == c))];
        int width = (2 * PanelWidth) + LegendWidth;
        int height = (cases.Length * PanelHeight) + 30;
        var svg = new StringBuilder();
        svg.AppendLine(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"11\">"));
        svg.AppendLine(Invariant($"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>"));
        svg.AppendLine("<text x=\"10\" y=\"18\" font-size=\"14\" font-weight=\"bold\">OpenAIImages growth: peak working set and time against N (child process per point; flat is the goal)</text>");
        for (int i = 0; i < cases.Length; i++)
        {
            GrowthRow[] data = [.. rows.Where(r => r.Case == cases[i])];
            (string name, string unit, string time) = Cases[cases[i]];
            Panel(svg, 0, 30 + (i * PanelHeight), name + ": peak working set (MB)", unit, data, r => r.PeakMB);
            Panel(svg, PanelWidth, 30 + (i * PanelHeight), name + ": " + time, unit, data, r => r.PerUnit);
        }

        int y = 60;
        foreach (string variant in Colors.Keys.Where(v => rows.Any(r => r.Variant == v)))
        {
            svg.AppendLine(Invariant($"<line x1=\"{(2 * PanelWidth) + 10}\" y1=\"{y}\" x2=\"{(2 * PanelWidth) + 34}\" y2=\"{y}\" stroke=\"{Colors[variant]}\" stroke-width=\"2.5\"/>"));
            svg.AppendLine(Invariant($"<text x=\"{(2 * PanelWidth) + 40}\" y=\"{y + 4}\">{Label(variant)}</text>"));
            y += 18;
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static string Label(string variant) => variant switch
    {
        "raw" => "raw HttpClient (floor)",
        "ours" => "OpenAIImages",
        "ours-files" => "OpenAIImages to files",
        "ours-stream" => "OpenAIImages streaming",
        "official" => "official OpenAI 2.15",
        _ => variant,
    };

    private static void Panel(StringBuilder svg, int x0, int y0, string title, string unit, GrowthRow[] data, Func<GrowthRow, double> value)
    {
        int plotWidth = PanelWidth - Left - Right;
        int plotHeight = PanelHeight - Top - Bottom;
        int[] sizes = [.. data.Select(r => r.N).Distinct().Order()];
        double minLog = Math.Log10(sizes[0]);
        double maxLog = Math.Log10(sizes[^1]);
        double span = maxLog > minLog ? maxLog - minLog : 1;
        double top = NiceCeiling(data.Max(value) * 1.1);
        double X(int n) => x0 + Left + (plotWidth * (Math.Log10(n) - minLog) / span);
        double Y(double v) => y0 + Top + plotHeight - (plotHeight * v / top);

        svg.AppendLine(Invariant($"<text x=\"{x0 + Left}\" y=\"{y0 + 20}\" font-weight=\"bold\">{SecurityElement.Escape(title)}</text>"));
        svg.AppendLine(Invariant($"<rect x=\"{x0 + Left}\" y=\"{y0 + Top}\" width=\"{plotWidth}\" height=\"{plotHeight}\" fill=\"none\" stroke=\"#999\"/>"));
        for (int t = 0; t <= 4; t++)
        {
            double v = top * t / 4;
            svg.AppendLine(Invariant($"<line x1=\"{x0 + Left}\" y1=\"{Y(v):0.#}\" x2=\"{x0 + Left + plotWidth}\" y2=\"{Y(v):0.#}\" stroke=\"#eee\"/>"));
            svg.AppendLine(Invariant($"<text x=\"{x0 + Left - 6}\" y=\"{Y(v) + 4:0.#}\" text-anchor=\"end\">{Number(v)}</text>"));
        }

        foreach (int n in sizes)
        {
            svg.AppendLine(Invariant($"<text x=\"{X(n):0.#}\" y=\"{y0 + Top + plotHeight + 14}\" text-anchor=\"middle\">{n:N0}</text>"));
        }

        svg.AppendLine(Invariant($"<text x=\"{x0 + Left + (plotWidth / 2)}\" y=\"{y0 + Top + plotHeight + 30}\" text-anchor=\"middle\" fill=\"#555\">{unit} (log scale)</text>"));
        foreach (IGrouping<string, GrowthRow> variant in data.GroupBy(r => r.Variant))
        {
            string color = Colors.TryGetValue(variant.Key, out string? c) ? c : "#000";
            string points = string.Join(' ', variant.OrderBy(r => r.N).Select(r => Invariant($"{X(r.N):0.#},{Y(value(r)):0.#}")));
            svg.AppendLine(Invariant($"<polyline points=\"{points}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"/>"));
            foreach (GrowthRow r in variant)
            {
                svg.AppendLine(Invariant($"<circle cx=\"{X(r.N):0.#}\" cy=\"{Y(value(r)):0.#}\" r=\"3\" fill=\"{color}\"><title>{Label(variant.Key)}, {r.N:N0}: {Number(value(r))}</title></circle>"));
            }
        }
    }

    // 1, 2, 2.5 or 5 times a power of ten, at least v.
    private static double NiceCeiling(double v)
    {
        if (v <= 0)
        {
            return 1;
        }

        double power = Math.Pow(10, Math.Floor(Math.Log10(v)));
        foreach (double step in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (step * power >= v)
            {
                return step * power;
            }
        }

        return 10 * power;
    }

    private static string Number(double v) => v >= 1000 ? v.ToString("N0", CultureInfo.InvariantCulture) : v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
