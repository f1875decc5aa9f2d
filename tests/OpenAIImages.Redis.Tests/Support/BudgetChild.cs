using System;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace OpenAIImages.Redis.Tests.Support;

/// <summary>
/// The test assembly's entry point, for tests that need a second OS process: <c>dotnet OpenAIImages.Redis.Tests.dll
/// budget-child PORT PREFIX CALLS AMOUNT</c> makes CALLS calls, one after another, through a client whose budget of
/// AMOUNT lives in the Redis at 127.0.0.1:PORT under PREFIX, against an in-process mocked API. It prints one line:
/// <c>granted G refused R sent S</c>. The test runner never calls it (xunit finds the tests by reflection).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 5 || args[0] != "budget-child")
        {
            Console.Error.WriteLine("usage: budget-child PORT PREFIX CALLS AMOUNT");
            return 2;
        }

        await using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{args[1]},abortConnect=true");
        var api = new CountingApi();
        var options = new ImagesClientOptions { ApiKey = "sk-test-0123456789abcdef", BaseAddress = new Uri("https://api.test/v1/") };
        options.Budgets.Amount = decimal.Parse(args[4], CultureInfo.InvariantCulture);
        options.Budgets.UseRedis(redis, args[2]);
        var client = new ImagesClient(new HttpClient(api), options);

        int granted = 0, refused = 0;
        for (int i = 0; i < int.Parse(args[3], CultureInfo.InvariantCulture); i++)
        {
            try
            {
                await client.GenerateAsync(BudgetCall.Request("call " + i));
                granted++;
            }
            catch (ImagesBudgetExceededException)
            {
                refused++;
            }
        }

        Console.WriteLine($"granted {granted} refused {refused} sent {api.Sent}");
        return 0;
    }

    /// <summary>Answers every request with one image, counting them.</summary>
    private sealed class CountingApi : HttpMessageHandler
    {
        private const string Png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
        private int _sent;

        public int Sent => Volatile.Read(ref _sent);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _sent);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("{\"created\":1700000000,\"data\":[{\"b64_json\":\"" + Png + "\"}]}", Encoding.UTF8, "application/json"),
            });
        }
    }
}

/// <summary>The call the budget tests make: dall-e-3, hd, 1792x1024, priced at $0.12 an image by the SDK's table.</summary>
public static class BudgetCall
{
    public const decimal Price = 0.12m;

    public static ImageGenerationOptions Request(string prompt) =>
        new(prompt) { Model = ImageModel.DallE3, Quality = ImageQuality.Hd, Size = ImageSize.Landscape1792x1024 };
}
