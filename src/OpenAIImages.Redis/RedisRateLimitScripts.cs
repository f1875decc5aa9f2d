namespace OpenAIImages.Redis;

/// <summary>
/// The Lua scripts behind <see cref="RedisImagesRateLimitStore"/>. Redis runs a script alone, so each step (read the
/// bucket, refill it, decide, take) is atomic across every process that shares the keys.
/// </summary>
/// <remarks>
/// <para>
/// Times are microseconds: the caller's clock when it passes one (ARGV "now" of 0 or more), otherwise the server's
/// <c>TIME</c>, so processes whose clocks differ still agree. Numbers are written with <c>%.17g</c> and <c>%.0f</c>,
/// because Lua's <c>tostring</c> keeps 14 digits and a timestamp in microseconds has 16.
/// </para>
/// <para>
/// A value the scripts did not write (text, <c>inf</c>, <c>-inf</c>, <c>nan</c>, a count dated far in the future) must
/// never open the limit: Lua's <c>tonumber</c> reads <c>inf</c> and <c>nan</c>, whose comparisons pass every check, and
/// Redis turns an infinite wait into a negative integer. Such a bucket (or one reserved more than a year ahead) counts
/// as empty from now and such a pause as a minute from now, both written back so they heal; and every wait is capped
/// below 2^53 µs, where integers are exact.
/// </para>
/// </remarks>
internal static class RedisRateLimitScripts
{
    private const string Prelude = """
        local function finite(x)
          return x ~= nil and x == x and x > -math.huge and x < math.huge
        end
        local now = tonumber(ARGV[NOW])
        if now < 0 then
          local t = redis.call('TIME')
          now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        end

        """;

    /// <summary>
    /// KEYS: the bucket (a hash of tokens and when they were counted), the model's pause (when it ends). ARGV: images,
    /// images per minute (0: no bucket), the longest wait, now. Returns the wait in microseconds; the images are taken
    /// only when it is no longer than the longest wait.
    /// </summary>
    public static readonly string Take = Prelude.Replace("NOW", "4") + """
        local permits = tonumber(ARGV[1])
        local limit = tonumber(ARGV[2])
        local most = tonumber(ARGV[3])
        local longest = 9007199254740991
        local wait = 0
        local pause = redis.call('GET', KEYS[2])
        local paused = tonumber(pause)
        if pause and not finite(paused) then
          paused = now + 60000000
          redis.call('SET', KEYS[2], string.format('%.0f', paused), 'PX', 120000)
        end
        if paused and paused > now then
          wait = paused - now
        end
        if limit > 0 then
          local period = 60000000 / limit
          local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
          local tokens = tonumber(state[1])
          local updated = tonumber(state[2])
          local write = false
          if not state[1] and not state[2] then
            -- No bucket: a full one.
            tokens = limit
            updated = now
          elseif not finite(tokens) or not finite(updated) or updated > now + 60000000 or tokens < -limit * 525600 then
            -- Not a bucket this script wrote (no reservation reaches a year ahead): empty from now, never fuller than the limit allows.
            tokens = 0
            updated = now
            write = true
          end
          if now > updated then
            tokens = tokens + (now - updated) / period
            updated = now
          end
          if tokens > limit then
            tokens = limit
          end
          if tokens < permits then
            local refill = math.ceil((permits - tokens) * period)
            if refill > wait then
              wait = refill
            end
          end
          if wait <= most then
            tokens = tokens - permits
            write = true
          end
          if write then
            redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'updated', string.format('%.0f', updated))
            -- Kept until it would be full again, and a minute more; a full bucket is the same as none.
            redis.call('PEXPIRE', KEYS[1], math.min(math.ceil((limit - tokens) * period / 1000) + 60000, 1000000000000))
          end
        end
        return math.min(math.ceil(wait), longest)
        """;

    /// <summary>KEYS: the bucket. ARGV: images, images per minute. Gives images back, never past the limit, and never to a bucket Take would not trust.</summary>
    public const string Return = """
        local tokens = tonumber(redis.call('HGET', KEYS[1], 'tokens'))
        if tokens == nil or tokens ~= tokens or tokens == math.huge or tokens == -math.huge then
          return 0
        end
        tokens = math.min(tonumber(ARGV[2]), tokens + tonumber(ARGV[1]))
        redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens))
        return 0
        """;

    /// <summary>KEYS: the model's pause. ARGV: how long in microseconds, now. A later end replaces an earlier one, never the reverse; a value that is no finite number is replaced.</summary>
    public static readonly string Pause = Prelude.Replace("NOW", "2") + """
        local ends = now + tonumber(ARGV[1])
        local current = tonumber(redis.call('GET', KEYS[1]))
        if not finite(current) or ends > current then
          redis.call('SET', KEYS[1], string.format('%.0f', ends), 'PX', math.ceil(tonumber(ARGV[1]) / 1000) + 60000)
        end
        return 0
        """;
}
