using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace OpenAIImages.Testing.Tests.Sdk;

/// <summary><c>UseImagesEmulator</c>: one line points a registered client at the in-process emulator; on a fake clock its retries take no real time.</summary>
public sealed class UseImagesEmulatorTests
{
    [Fact]
    public async Task A_registered_client_retries_an_emulated_429_on_a_fake_clock_and_succeeds()
    {
        var time = new FakeTimeProvider();
        var emulator = new ImagesEmulator(new ImagesEmulatorOptions { TimeProvider = time });
        emulator.FailNext(1, EmulatedFault.RateLimited(TimeSpan.FromSeconds(30)));
        var services = new ServiceCollection();
        services.AddImagesClient(o =>
        {
            o.ApiKey = "sk-test";
            o.BaseAddress = new Uri("http://localhost/v1/");
            o.TimeProvider = time;
        }).UseImagesEmulator(emulator);
        await using ServiceProvider provider = services.BuildServiceProvider(validateScopes: true);

        Task<ImageResult> call = provider.GetRequiredService<ImagesClient>().GenerateAsync(new ImageGenerationOptions("A lighthouse") { Size = "1024x1024", Quality = ImageQuality.Low });
        for (int i = 0; i < 600 && !call.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1);
        }

        ImageResult result = await call.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Single(result.Images);
        Assert.Equal(2, emulator.Requests.Count);
        Assert.All(emulator.Requests, r => Assert.Equal("/v1/images/generations", r.Path));
        Assert.True(time.GetUtcNow() - new FakeTimeProvider().GetUtcNow() >= TimeSpan.FromSeconds(30), "the retry waited the emulated Retry-After on the fake clock");
    }

    [Fact]
    public void Null_arguments_are_refused()
    {
        var services = new ServiceCollection();
        IHttpClientBuilder builder = services.AddImagesClient(o => o.ApiKey = "sk-test");

        Assert.Throws<ArgumentNullException>(() => builder.UseImagesEmulator(null!));
        Assert.Throws<ArgumentNullException>(() => ImagesEmulatorHttpClientBuilderExtensions.UseImagesEmulator(null!, new ImagesEmulator()));
    }
}
