using System;
using System.Collections.Generic;
using System.Threading;
using Xunit;

namespace OpenAIImages.Tests.Settings;

/// <summary>
/// Each rule of the options (data annotations checked by the generated validator, and the credential rule in code),
/// through <see cref="ImagesClientOptions.Validate"/> and the client's constructor: a bad value is named by its full
/// setting, a good one passes.
/// </summary>
public sealed class OptionsRulesTests
{
    public static TheoryData<string, string> BadSettings => new()
    {
        { "ApiKey", "ImagesClientOptions.ApiKey must not contain a line break" },
        { "Organization", "ImagesClientOptions.Organization must not contain a line break" },
        { "Project", "ImagesClientOptions.Project must not contain a line break" },
        { "UserAgentSuffix", "ImagesClientOptions.UserAgentSuffix must not contain a line break" },
        { "BaseAddress", "ImagesClientOptions.BaseAddress must be an absolute URL" },
        { "Retry", "ImagesClientOptions.Retry" },
        { "Retry.MaxRetries", "ImagesClientOptions.Retry.MaxRetries must be zero or more" },
        { "Retry.BaseDelay", "ImagesClientOptions.Retry.BaseDelay must be at most one day, and not negative" },
        { "Retry.MaxDelay", "ImagesClientOptions.Retry.MaxDelay must be at most one day, and not negative" },
        { "Retry.MaxServerDelay", "ImagesClientOptions.Retry.MaxServerDelay must be zero or more" },
        { "RateLimits", "ImagesClientOptions.RateLimits" },
        { "RateLimits.MaxWait", "ImagesClientOptions.RateLimits.MaxWait must be zero or more" },
        { "RateLimits.ImagesPerMinute", "ImagesClientOptions.RateLimits.ImagesPerMinute[gpt-image-2] must be at least 1, not 0" },
        { "AttemptTimeout", "ImagesClientOptions.AttemptTimeout must be positive or Timeout.InfiniteTimeSpan" },
        { "Timeout", "ImagesClientOptions.Timeout must be positive or Timeout.InfiniteTimeSpan" },
        { "DownloadTimeout", "ImagesClientOptions.DownloadTimeout must be positive or Timeout.InfiniteTimeSpan" },
        { "TimeProvider", "ImagesClientOptions.TimeProvider" },
        { "Models.MaxImages", "ImagesClientOptions.Models[my-model] must be set, with MaxImages at least 1" },
        { "Models.BasedOn", "ImagesClientOptions.Models[my-model].BasedOn names 'no-such-model', which the catalog does not know" },
        { "Azure.Endpoint", "ImagesClientOptions.Azure.Endpoint must be an absolute URL" },
        { "Azure.Deployment", "ImagesClientOptions.Azure.Deployment must be a deployment name" },
        { "Azure.ApiVersion", "ImagesClientOptions.Azure.ApiVersion must be set, such as 2024-10-21" },
        { "Azure.ApiVersion.Control", "ImagesClientOptions.Azure.ApiVersion must not contain a line break" },
        { "Azure.TokenScope", "ImagesClientOptions.Azure.TokenScope must be set" },
        { "Budgets", "ImagesClientOptions.Budgets must be set" },
        { "Budgets.Amount", "ImagesClientOptions.Budgets.Amount must be zero or more" },
        { "Budgets.PerUserAmount", "ImagesClientOptions.Budgets.PerUserAmount must be zero or more" },
        { "Budgets.Period", "ImagesClientOptions.Budgets.Period must be Day, Month or Rolling" },
        { "Budgets.Window", "ImagesClientOptions.Budgets.Window must be positive and at most 366 days" },
        { "Prices", "ImagesClientOptions.Prices[my-model] must be set" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void A_bad_setting_is_named_in_full_and_the_client_refuses_it(string setting, string expected)
    {
        ImagesClientOptions options = Good();
        Break(options, setting);

        IReadOnlyList<string> problems = options.Validate();

        string problem = Assert.Single(problems);
        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
        ArgumentException error = Assert.Throws<ArgumentException>(() => new ImagesClient(options));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Good_settings_and_every_limit_at_its_edge_pass()
    {
        ImagesClientOptions options = Good();
        options.Retry.MaxRetries = 0;
        options.Retry.BaseDelay = TimeSpan.FromDays(1);
        options.Retry.MaxDelay = TimeSpan.Zero;
        options.RateLimits.MaxWait = TimeSpan.Zero;
        options.RateLimits.ImagesPerMinute["gpt-image-2"] = 1;
        options.Timeout = Timeout.InfiniteTimeSpan;
        options.AttemptTimeout = TimeSpan.FromTicks(1);
        options.Models["my-model"] = new ImageModelRules { BasedOn = "gpt-image-2", MaxImages = 1 };
        options.Azure = new ImagesAzureOptions { Endpoint = new Uri("https://my-resource.openai.azure.com/"), Deployment = "images" };
        options.Budgets = new ImagesBudgetOptions { Amount = 0m, PerUserAmount = 0m, Period = ImagesBudgetPeriod.Rolling, Window = TimeSpan.FromDays(366) };

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Every_problem_comes_at_once()
    {
        ImagesClientOptions options = Good();
        options.ApiKey = null;
        options.Timeout = TimeSpan.Zero;
        options.Retry.MaxRetries = -1;

        IReadOnlyList<string> problems = options.Validate();

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("An API key is required", StringComparison.Ordinal));
    }

    private static ImagesClientOptions Good() => new() { ApiKey = "sk-test-key-000001" };

    private static void Break(ImagesClientOptions options, string setting)
    {
        switch (setting)
        {
            case "ApiKey": options.ApiKey = "sk-test\r\nX-Injected: 1"; break;
            case "Organization": options.Organization = "org\n"; break;
            case "Project": options.Project = "proj\0"; break;
            case "UserAgentSuffix": options.UserAgentSuffix = "app/1.0\r\n"; break;
            case "BaseAddress": options.BaseAddress = new Uri("/v1/", UriKind.Relative); break;
            case "Retry": options.Retry = null!; break;
            case "Retry.MaxRetries": options.Retry.MaxRetries = -1; break;
            case "Retry.BaseDelay": options.Retry.BaseDelay = TimeSpan.FromDays(1.5); break;
            case "Retry.MaxDelay": options.Retry.MaxDelay = TimeSpan.FromSeconds(-1); break;
            case "Retry.MaxServerDelay": options.Retry.MaxServerDelay = TimeSpan.FromSeconds(-1); break;
            case "RateLimits": options.RateLimits = null!; break;
            case "RateLimits.MaxWait": options.RateLimits.MaxWait = TimeSpan.FromMilliseconds(-1); break;
            case "RateLimits.ImagesPerMinute": options.RateLimits.ImagesPerMinute["gpt-image-2"] = 0; break;
            case "AttemptTimeout": options.AttemptTimeout = TimeSpan.Zero; break;
            case "Timeout": options.Timeout = TimeSpan.FromSeconds(-2); break;
            case "DownloadTimeout": options.DownloadTimeout = TimeSpan.Zero; break;
            case "TimeProvider": options.TimeProvider = null!; break;
            case "Models.MaxImages": options.Models["my-model"] = new ImageModelRules { MaxImages = 0 }; break;
            case "Models.BasedOn": options.Models["my-model"] = new ImageModelRules { BasedOn = "no-such-model" }; break;
            case "Azure.Endpoint": options.Azure = new ImagesAzureOptions(); break;
            case "Azure.Deployment": options.Azure = Azure(a => a.Deployment = ".."); break;
            case "Azure.ApiVersion": options.Azure = Azure(a => a.ApiVersion = " "); break;
            case "Azure.ApiVersion.Control": options.Azure = Azure(a => a.ApiVersion = "2024-10-21\r\n"); break;
            case "Azure.TokenScope": options.Azure = Azure(a => a.TokenScope = ""); break;
            case "Budgets": options.Budgets = null!; break;
            case "Budgets.Amount": options.Budgets.Amount = -0.01m; break;
            case "Budgets.PerUserAmount": options.Budgets.PerUserAmount = -1m; break;
            case "Budgets.Period": options.Budgets.Period = (ImagesBudgetPeriod)42; break;
            case "Budgets.Window": options.Budgets = new ImagesBudgetOptions { Amount = 5m, Period = ImagesBudgetPeriod.Rolling, Window = TimeSpan.Zero }; break;
            case "Prices": options.Prices["my-model"] = null!; break;
            default: throw new ArgumentOutOfRangeException(nameof(setting), setting, null);
        }
    }

    private static ImagesAzureOptions Azure(Action<ImagesAzureOptions> change)
    {
        var azure = new ImagesAzureOptions { Endpoint = new Uri("https://my-resource.openai.azure.com/") };
        change(azure);
        return azure;
    }
}
