using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using OpenAIImages.Readme.Tests.Support;
using OpenAIImages.Testing;
using Xunit;

namespace OpenAIImages.Readme.Tests;

/// <summary>The README's blocks, built as one console app against the packed packages, and its quick start run as that app against the emulator.</summary>
public sealed class ReadmeAsUserAppTests
{
    [Fact]
    public async Task Every_block_builds_as_a_console_app_on_the_packed_packages_and_its_quick_start_runs_against_the_emulator()
    {
        (PackedUserApp app, ProcessResult build) = await PackedUserApp.BuildAsync();
        using (app)
        {
            Assert.True(build.ExitCode == 0, "The README's blocks do not build as a user's app on the packed packages:\n" + build.Errors);
            Assert.Contains("OpenAIImages", app.Packages);

            var emulator = new ImagesEmulator(new ImagesEmulatorOptions { ApiKey = "test" });
            await using EmulatorServer server = await emulator.StartServerAsync();
            string folder = Directory.CreateDirectory(Path.Combine(app.Root, "run")).FullName;
            ProcessResult run = await Dotnet.RunAsync(folder, [app.AppDll], new Dictionary<string, string?>
            {
                ["OPENAI_API_KEY"] = "test",
                ["OPENAI_BASE_URL"] = server.BaseAddress.AbsoluteUri,
                ["OPENAI_ORG_ID"] = null,
                ["OPENAI_PROJECT_ID"] = null,
            });

            Assert.True(run.ExitCode == 0, "The quick start failed as an app:\n" + run.Output);
            Assert.Equal((1536, 1024), PngHeader.SizeOf(Path.Combine(folder, "lighthouse.png")));
            Assert.Equal("gpt-image-2", Assert.Single(emulator.Requests).Fields["model"]);
        }
    }
}
