using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using OpenAIImages.Redis.Tests.Support;
using StackExchange.Redis;

namespace OpenAIImages.Redis.Tests;

/// <summary>The Redis budget store on its own: reserve, settle and release, periods on a fake clock, and racing connections.</summary>
[Collection(RedisCollection.Name)]
public sealed class BudgetStoreTests(RedisServer redis) : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 31, 22, 0, 0, TimeSpan.Zero));
    private readonly string _prefix = "test:" + Guid.NewGuid().ToString("N");
    private ConnectionMultiplexer? _connection;

    public async Task InitializeAsync() => _connection = await redis.ConnectAsync();

    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    private RedisImagesBudgetStore Store() => new(_connection!, _prefix, clock: _time);

    private static Task<ImagesBudgetReservation> Reserve(RedisImagesBudgetStore store, decimal amount, ImagesBudgetPeriod period = ImagesBudgetPeriod.Day, decimal limit = 1.00m) =>
        store.ReserveAsync("client", amount, limit, period, TimeSpan.FromHours(1), default).AsTask();

    [Fact]
    public async Task A_reservation_that_would_cross_the_limit_takes_nothing_and_says_what_is_left_and_when_it_resets()
    {
        RedisImagesBudgetStore store = Store();

        ImagesBudgetReservation first = await Reserve(store, 0.70m);
        ImagesBudgetReservation refused = await Reserve(store, 0.40m);
        ImagesBudgetReservation fits = await Reserve(store, 0.30m);

        Assert.True(first.Granted);
        Assert.Equal(0.30m, first.Remaining);
        Assert.False(refused.Granted);
        Assert.Equal(0.30m, refused.Remaining);
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), refused.ResetsAt);
        Assert.True(fits.Granted); // exactly the limit fits: the refusal took nothing
        Assert.Equal(0m, fits.Remaining);
    }

    [Fact]
    public async Task Amounts_in_micro_units_add_up_exactly()
    {
        RedisImagesBudgetStore store = Store();

        for (int i = 0; i < 10; i++)
        {
            Assert.True((await Reserve(store, 0.1m)).Granted, $"reservation {i + 1} of 0.1 within 1.0");
        }

        Assert.False((await Reserve(store, 0.000001m)).Granted);
    }

    [Fact]
    public async Task Settling_replaces_the_estimate_by_the_actual_cost_and_releasing_gives_it_back()
    {
        RedisImagesBudgetStore store = Store();

        ImagesBudgetReservation settled = await Reserve(store, 0.60m);
        await store.SettleAsync("client", settled.Id, 0.60m, 0.25m, ImagesBudgetPeriod.Day, TimeSpan.Zero, default);
        ImagesBudgetReservation released = await Reserve(store, 0.70m);
        await store.ReleaseAsync("client", released.Id, 0.70m, ImagesBudgetPeriod.Day, TimeSpan.Zero, default);
        ImagesBudgetReservation after = await Reserve(store, 0.75m);

        Assert.True(released.Granted);
        Assert.Equal(0.05m, released.Remaining); // 1.00 - 0.25 (actual) - 0.70
        Assert.True(after.Granted); // 0.25 actual + 0.75 = 1.00: the released 0.70 is back
        Assert.Equal(0m, after.Remaining);
    }

    [Fact]
    public async Task A_day_budget_starts_again_at_midnight_UTC_and_a_late_settle_of_yesterday_changes_nothing()
    {
        RedisImagesBudgetStore store = Store();
        ImagesBudgetReservation yesterday = await Reserve(store, 1.00m);
        Assert.False((await Reserve(store, 0.01m)).Granted);

        _time.Advance(TimeSpan.FromHours(2)); // 2027-01-01 00:00
        ImagesBudgetReservation today = await Reserve(store, 0.50m);
        await store.SettleAsync("client", yesterday.Id, 1.00m, 0m, ImagesBudgetPeriod.Day, TimeSpan.Zero, default);

        Assert.True(today.Granted);
        Assert.Equal(new DateTimeOffset(2027, 1, 2, 0, 0, 0, TimeSpan.Zero), today.ResetsAt);
        Assert.Equal(0.50m, (await Reserve(store, 0m)).Remaining);
    }

    [Fact]
    public async Task A_month_budget_resets_on_the_first_of_the_next_month()
    {
        RedisImagesBudgetStore store = Store();
        _time.SetUtcNow(new DateTimeOffset(2028, 2, 28, 12, 0, 0, TimeSpan.Zero));
        Assert.True((await Reserve(store, 1.00m, ImagesBudgetPeriod.Month)).Granted);

        _time.Advance(TimeSpan.FromDays(1)); // 29 February 2028, a leap day: still February
        ImagesBudgetReservation leapDay = await Reserve(store, 0.10m, ImagesBudgetPeriod.Month);
        _time.Advance(TimeSpan.FromDays(1)); // 1 March
        ImagesBudgetReservation march = await Reserve(store, 0.10m, ImagesBudgetPeriod.Month);

        Assert.False(leapDay.Granted);
        Assert.Equal(new DateTimeOffset(2028, 3, 1, 0, 0, 0, TimeSpan.Zero), leapDay.ResetsAt);
        Assert.True(march.Granted);
        Assert.Equal(new DateTimeOffset(2028, 4, 1, 0, 0, 0, TimeSpan.Zero), march.ResetsAt);
    }

    [Fact]
    public async Task A_rolling_window_forgets_what_aged_out_and_says_when_enough_will_have()
    {
        RedisImagesBudgetStore store = Store();
        DateTimeOffset start = _time.GetUtcNow();
        await Reserve(store, 0.40m, ImagesBudgetPeriod.Rolling);
        _time.Advance(TimeSpan.FromMinutes(20));
        await Reserve(store, 0.40m, ImagesBudgetPeriod.Rolling);
        _time.Advance(TimeSpan.FromMinutes(20));

        ImagesBudgetReservation refused = await Reserve(store, 0.50m, ImagesBudgetPeriod.Rolling);
        _time.Advance(TimeSpan.FromMinutes(20)); // the first 0.40 is an hour old
        ImagesBudgetReservation fits = await Reserve(store, 0.50m, ImagesBudgetPeriod.Rolling);

        Assert.False(refused.Granted);
        Assert.Equal(0.20m, refused.Remaining);
        Assert.Equal(start + TimeSpan.FromHours(1), refused.ResetsAt);
        Assert.True(fits.Granted);
        Assert.Equal(0.10m, fits.Remaining);
    }

    [Fact]
    public async Task Connections_racing_for_the_last_of_a_budget_never_take_more_than_it_holds()
    {
        ConnectionMultiplexer[] connections = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => redis.ConnectAsync()));
        try
        {
            RedisImagesBudgetStore[] stores = connections.Select(c => new RedisImagesBudgetStore(c, _prefix, clock: _time)).ToArray();

            ImagesBudgetReservation[] answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Reserve(stores[i % 4], 0.30m, limit: 10.00m)));

            Assert.Equal(33, answers.Count(a => a.Granted)); // 33 x 0.30 = 9.90; a 34th would be 10.20
            Assert.All(answers.Where(a => !a.Granted), a => Assert.Equal(0.10m, a.Remaining));
        }
        finally
        {
            foreach (ConnectionMultiplexer connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Each_budget_is_its_own_and_a_period_key_expires_a_day_after_its_period_by_the_stores_clock()
    {
        RedisImagesBudgetStore store = Store();
        await store.ReserveAsync("user:alice", 1.00m, 1.00m, ImagesBudgetPeriod.Day, TimeSpan.Zero, default);

        ImagesBudgetReservation bob = await store.ReserveAsync("user:bob", 1.00m, 1.00m, ImagesBudgetPeriod.Day, TimeSpan.Zero, default);
        TimeSpan? expiry = await _connection!.GetDatabase().KeyTimeToLiveAsync(_prefix + ":{user:alice}");

        Assert.True(bob.Granted);

        // From 22:00 on 31 December (the store's clock) to a day after the period ends: 26 hours, less the test's own time.
        Assert.InRange(expiry.GetValueOrDefault(), TimeSpan.FromHours(26) - TimeSpan.FromMinutes(5), TimeSpan.FromHours(26));
    }
}
