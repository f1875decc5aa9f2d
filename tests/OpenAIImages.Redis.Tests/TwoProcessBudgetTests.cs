using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using OpenAIImages.Redis.Tests.Support;

namespace OpenAIImages.Redis.Tests;

/// <summary>Two OS processes whose clients keep their budget in one Redis: together they never spend past it.</summary>
[Collection(RedisCollection.Name)]
public sealed class TwoProcessBudgetTests(RedisServer redis)
{
    [Fact]
    public async Task Two_processes_of_five_calls_each_get_exactly_the_calls_the_shared_budget_holds()
    {
        // $0.50 a day, $0.12 a call: four calls fit ($0.48), a fifth would be $0.60, whichever process makes it.
        string prefix = "test:" + Guid.NewGuid().ToString("N");

        (int Granted, int Refused, int Sent)[] children = await Task.WhenAll(RunChildAsync(prefix, 5, 0.50m), RunChildAsync(prefix, 5, 0.50m));

        Assert.Equal(4, children.Sum(c => c.Granted));
        Assert.Equal(6, children.Sum(c => c.Refused));
        Assert.All(children, c => Assert.Equal(c.Granted, c.Sent)); // a refused call sent nothing
    }

    private async Task<(int Granted, int Refused, int Sent)> RunChildAsync(string prefix, int calls, decimal amount)
    {
        string dll = typeof(BudgetCall).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "exec", dll, "budget-child", redis.Port.ToString(CultureInfo.InvariantCulture), prefix, calls.ToString(CultureInfo.InvariantCulture), amount.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using Process child = Process.Start(start) ?? throw new InvalidOperationException("The child process did not start.");
        Task<string> output = child.StandardOutput.ReadToEndAsync();
        Task<string> errors = child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        Match line = Regex.Match(await output, @"granted (\d+) refused (\d+) sent (\d+)");
        Assert.True(child.ExitCode == 0 && line.Success, $"The child failed (exit code {child.ExitCode}): {await output} {await errors}");
        return (int.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(line.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(line.Groups[3].Value, CultureInfo.InvariantCulture));
    }
}
