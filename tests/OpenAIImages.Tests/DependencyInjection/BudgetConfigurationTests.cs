using System;
using System.Collections.Generic;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenAIImages.Tests.Support;

namespace OpenAIImages.Tests.DependencyInjection;

/// <summary>The Budgets section: its keys bind to <see cref="ImagesBudgetOptions"/>, and a value the client cannot use fails on start, named by its key.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class BudgetConfigurationTests
{
    private static IServiceCollection Services(Dictionary<string, string?> values)
    {
        var services = new ServiceCollection();
        services.AddImagesClient(new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("OpenAIImages"));
        return services;
    }

    [Fact]
    public void The_budgets_section_binds_every_key()
    {
        using ServiceProvider provider = Services(new()
        {
            ["OpenAIImages:ApiKey"] = "sk-test-key-000001",
            ["OpenAIImages:Budgets:Amount"] = "25.50",
            ["OpenAIImages:Budgets:PerUserAmount"] = "0.75",
            ["OpenAIImages:Budgets:Period"] = "rolling",
            ["OpenAIImages:Budgets:Window"] = "06:00:00",
            ["OpenAIImages:Budgets:AllowUnknownCost"] = "true",
        }).BuildServiceProvider();

        ImagesBudgetOptions budgets = provider.GetRequiredService<IOptionsMonitor<ImagesClientOptions>>().Get(Options.DefaultName).Budgets;

        Assert.Equal(25.50m, budgets.Amount);
        Assert.Equal(0.75m, budgets.PerUserAmount);
        Assert.Equal(ImagesBudgetPeriod.Rolling, budgets.Period);
        Assert.Equal(TimeSpan.FromHours(6), budgets.Window);
        Assert.True(budgets.AllowUnknownCost);
    }

    [Fact]
    public void A_bad_budget_value_fails_on_start_naming_its_key_and_value()
    {
        using ServiceProvider provider = Services(new()
        {
            ["OpenAIImages:ApiKey"] = "sk-test-key-000001",
            ["OpenAIImages:Budgets:Amount"] = "ten dollars",
            ["OpenAIImages:Budgets:PerUserAmount"] = "-1",
            ["OpenAIImages:Budgets:Period"] = "Week",
            ["OpenAIImages:Budgets:Windw"] = "01:00:00",
        }).BuildServiceProvider();

        OptionsValidationException error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Configuration value 'OpenAIImages:Budgets:Amount' = 'ten dollars' is not an amount", error.Message, StringComparison.Ordinal);
        Assert.Contains("Configuration value 'OpenAIImages:Budgets:PerUserAmount' = '-1' is not an amount of zero or more", error.Message, StringComparison.Ordinal);
        Assert.Contains("Configuration value 'OpenAIImages:Budgets:Period' = 'Week' is not Day, Month or Rolling", error.Message, StringComparison.Ordinal);
        Assert.Contains("Configuration key 'OpenAIImages:Budgets:Windw' is not a setting of the images client; did you mean 'Budgets:Window'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rolling_window_of_zero_fails_on_start_named_by_its_key()
    {
        using ServiceProvider provider = Services(new()
        {
            ["OpenAIImages:ApiKey"] = "sk-test-key-000001",
            ["OpenAIImages:Budgets:Amount"] = "5",
            ["OpenAIImages:Budgets:Period"] = "Rolling",
            ["OpenAIImages:Budgets:Window"] = "00:00:00",
        }).BuildServiceProvider();

        OptionsValidationException error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("'OpenAIImages:Budgets:Window' must be positive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_set_in_code_are_checked_too()
    {
        var options = RecordingApi.Options(o => o.Budgets.Amount = -0.01m);

        var error = Assert.Throws<ArgumentException>(() => new ImagesClient(new System.Net.Http.HttpClient(), options));

        Assert.Contains("ImagesClientOptions.Budgets.Amount must be zero or more", error.Message, StringComparison.Ordinal);
    }
}
