// The README block as a user's file: the console app's implicit usings, and the quick start's `using OpenAIImages;` with the namespaces its types need (the block shows none).
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenAIImages;

namespace ReadmeUser.DependencyInjectionBlock;

internal static class Snippet
{
    public static void DependencyInjection(IServiceCollection services, IConfiguration configuration)
    {
        // begin-snippet: dependency-injection
        services.AddImagesClient(options =>
        {
            options.ApiKey = configuration["OpenAI:ApiKey"];
            options.Retry.MaxRetries = 3;                       // default 2: 408, 409, 429, 5xx, dropped connections, attempt timeouts
            options.RateLimits.ImagesPerMinute["gpt-image-2"] = 20;
        });
        // or services.AddImagesClient(configuration.GetSection("OpenAIImages")); named clients through IImagesClientFactory
        // end-snippet
    }
}
