using System;

namespace OpenAIImages.Benchmarks;

/// <summary>
/// <c>ours|official|raw</c>: one call by that client in a fresh native process, then the answer line the benchmarks'
/// <c>--cold-start-aot</c> mode times (exit code 0), or what went wrong (exit code 1).
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: OpenAIImages.ColdStart.Aot ours|official|raw");
            return 1;
        }

        return ColdStartChild.RunAsync(args[0]).GetAwaiter().GetResult();
    }
}
