namespace OpenAIImages.Redis;

/// <summary>
/// The Lua scripts behind <see cref="RedisImagesBudgetStore"/>, one per operation. Redis runs a script alone, so each
/// step (read what was spent, decide, take) is atomic across every process that shares the keys.
/// </summary>
/// <remarks>
/// <para>
/// Amounts are integer micro-units (the amount times 1,000,000), exact in Lua's doubles up to 2^53. Times are
/// microseconds since the Unix epoch: the caller's clock when it passes one (ARGV "now" of 0 or more), otherwise the
/// server's <c>TIME</c>, so processes whose clocks differ still agree on when a day or month ends.
/// </para>
/// <para>
/// KEYS[1] is the budget's hash: <c>period</c> (the calendar period its <c>total</c> belongs to) and <c>total</c>; for
/// a rolling window, also each reservation's amount as <c>r:{id}</c>. KEYS[2] is the rolling window's sorted set of
/// reservations by the time they were made. A calendar period's hash expires a day after the period ends; a rolling
/// window's keys a day after their last reservation leaves the window.
/// </para>
/// </remarks>
internal static class RedisBudgetScripts
{
    // The period of "now" (mode 'day' or 'month'): its name and its end in microseconds, by the proleptic Gregorian
    // calendar in UTC (the days-from-civil algorithm of Howard Hinnant, public domain, in Lua).
    private const string Prelude = """
        local function num(x)
          local n = tonumber(x)
          if n == nil or n ~= n or n == math.huge or n == -math.huge then return 0 end
          return n
        end
        local function days_from_civil(y, m, d)
          if m <= 2 then y = y - 1 end
          local era = math.floor(y / 400)
          local yoe = y - era * 400
          local mp = (m + 9) % 12
          local doy = math.floor((153 * mp + 2) / 5) + d - 1
          local doe = yoe * 365 + math.floor(yoe / 4) - math.floor(yoe / 100) + doy
          return era * 146097 + doe - 719468
        end
        local function period_of(mode, now)
          local day = 86400000000
          local days = math.floor(now / day)
          if mode == 'day' then
            return 'd' .. string.format('%d', days), (days + 1) * day
          end
          local z = days + 719468
          local era = math.floor(z / 146097)
          local doe = z - era * 146097
          local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
          local y = yoe + era * 400
          local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
          local mp = math.floor((5 * doy + 2) / 153)
          local m = mp < 10 and mp + 3 or mp - 9
          if m <= 2 then y = y + 1 end
          local ny, nm = y, m + 1
          if nm > 12 then ny, nm = y + 1, 1 end
          return 'm' .. string.format('%04d-%02d', y, m), days_from_civil(ny, nm, 1) * day
        end

        """;

    /// <summary>
    /// KEYS: the hash, the window's set. ARGV: amount, limit, mode (<c>day</c>, <c>month</c>, <c>rolling</c>), window
    /// (µs), now (µs, or -1 for the server's), the reservation's id (rolling). Returns {granted (1/0), the reservation
    /// (the period, or the id), what is left, when the budget resets (µs)}.
    /// </summary>
    public static readonly string Reserve = Prelude + """
        local amount = tonumber(ARGV[1])
        local limit = tonumber(ARGV[2])
        local mode = ARGV[3]
        local window = tonumber(ARGV[4])
        local now = tonumber(ARGV[5])
        if now < 0 then
          local t = redis.call('TIME')
          now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        end
        if mode ~= 'rolling' then
          local period, ends = period_of(mode, now)
          local total = 0
          if redis.call('HGET', KEYS[1], 'period') == period then
            total = num(redis.call('HGET', KEYS[1], 'total'))
          end
          if amount > 0 and total + amount > limit then
            return {0, period, string.format('%.0f', limit - total), string.format('%.0f', ends)}
          end
          total = total + amount
          redis.call('HSET', KEYS[1], 'period', period, 'total', string.format('%.0f', total))
          -- Relative to the clock the periods are read by, which may be a caller's (a test's) rather than the server's.
          redis.call('PEXPIRE', KEYS[1], math.ceil((ends - now) / 1000) + 86400000)
          return {1, period, string.format('%.0f', limit - total), string.format('%.0f', ends)}
        end
        -- A rolling window: forget what has aged out, then sum what is left.
        local old = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', string.format('%.0f', now - window))
        for _, id in ipairs(old) do
          redis.call('HDEL', KEYS[1], 'r:' .. id)
        end
        if #old > 0 then
          redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', string.format('%.0f', now - window))
        end
        local entries = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
        local total = 0
        for i = 1, #entries, 2 do
          total = total + num(redis.call('HGET', KEYS[1], 'r:' .. entries[i]))
        end
        if amount > 0 and total + amount > limit then
          -- It fits once enough of the oldest spending has aged out.
          local resets = now + window
          local freed = 0
          for i = 1, #entries, 2 do
            freed = freed + num(redis.call('HGET', KEYS[1], 'r:' .. entries[i]))
            if total - freed + amount <= limit then
              resets = num(entries[i + 1]) + window
              break
            end
          end
          return {0, ARGV[6], string.format('%.0f', limit - total), string.format('%.0f', resets)}
        end
        redis.call('HSET', KEYS[1], 'r:' .. ARGV[6], string.format('%.0f', amount))
        redis.call('ZADD', KEYS[2], string.format('%.0f', now), ARGV[6])
        local keep = math.ceil(window / 1000) + 86400000
        redis.call('PEXPIRE', KEYS[1], keep)
        redis.call('PEXPIRE', KEYS[2], keep)
        local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
        return {1, ARGV[6], string.format('%.0f', limit - total - amount), string.format('%.0f', num(oldest[2]) + window)}
        """;

    /// <summary>
    /// KEYS: the hash. ARGV: mode, the reservation, the amount reserved, the actual cost. Replaces the reservation by the
    /// actual cost, when its period is still the hash's (calendar) or it is still in the window (rolling).
    /// </summary>
    public const string Settle = """
        local reserved = tonumber(ARGV[3])
        local actual = tonumber(ARGV[4])
        if ARGV[1] ~= 'rolling' then
          if redis.call('HGET', KEYS[1], 'period') == ARGV[2] then
            local total = tonumber(redis.call('HGET', KEYS[1], 'total')) or 0
            total = math.max(0, total - reserved + actual)
            redis.call('HSET', KEYS[1], 'total', string.format('%.0f', total))
          end
          return 0
        end
        if redis.call('HEXISTS', KEYS[1], 'r:' .. ARGV[2]) == 1 then
          redis.call('HSET', KEYS[1], 'r:' .. ARGV[2], string.format('%.0f', actual))
        end
        return 0
        """;

    /// <summary>KEYS: the hash, the window's set. ARGV: mode, the reservation, the amount reserved. Gives the reservation back.</summary>
    public const string Release = """
        local reserved = tonumber(ARGV[3])
        if ARGV[1] ~= 'rolling' then
          if redis.call('HGET', KEYS[1], 'period') == ARGV[2] then
            local total = tonumber(redis.call('HGET', KEYS[1], 'total')) or 0
            redis.call('HSET', KEYS[1], 'total', string.format('%.0f', math.max(0, total - reserved)))
          end
          return 0
        end
        redis.call('HDEL', KEYS[1], 'r:' .. ARGV[2])
        redis.call('ZREM', KEYS[2], ARGV[2])
        return 0
        """;
}
