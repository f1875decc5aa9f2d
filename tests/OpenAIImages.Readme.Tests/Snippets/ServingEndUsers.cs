// The README block as a user's file: the console app's implicit usings, and the quick start's `using OpenAIImages;` with the namespaces its types need (the block shows none).
using Microsoft.Extensions.DependencyInjection;
using OpenAIImages;
using StackExchange.Redis;

namespace ReadmeUser.ServingEndUsersBlock;

internal static class Snippet
{
    public static async Task ServingEndUsers(IServiceCollection services, ConnectionMultiplexer redis, ImagesClient images, string prompt, string userId)
    {
        // begin-snippet: serving-end-users
        services.AddImagesClient(options =>
        {
            options.RateLimits.PartitionByUser = true;              // images per minute per end user, not per app
            options.RateLimits.ImagesPerMinute["gpt-image-2"] = 5;
            options.Budgets.Amount = 50m;                           // USD a day (UTC) for the whole app...
            options.Budgets.PerUserAmount = 0.10m;                  // ...and for each end user
        }).UseRedisRateLimits(redis).UseRedisBudgets(redis);        // one limit and one budget across processes

        // In a request, with the ImagesClient from DI:
        var request = new ImageGenerationOptions(prompt) { Model = ImageModel.GptImage2, Quality = ImageQuality.Medium, Size = ImageSize.Square1024, SafetyIdentifier = userId };
        Console.WriteLine(images.EstimateCost(request));            // "at most 0.053355 USD (gpt-image-2)"
        try
        {
            ImageResult result = await images.GenerateAsync(request);
            Console.WriteLine($"{userId}: {result.Cost}");          // from the answer's usage, or the price table
        }
        catch (ImagesBudgetExceededException e)                     // nothing was sent
        {
            Console.WriteLine($"{e.Budget} budget: {e.Remaining} of {e.Limit} {e.Currency} left until {e.ResetsAt:u}");
        }
        // end-snippet
    }
}
