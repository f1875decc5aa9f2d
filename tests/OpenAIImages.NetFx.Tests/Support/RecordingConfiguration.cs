using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace OpenAIImages.NetFx.Tests.Support;

/// <summary>
/// A configuration section over a few values that records every key read from it (and, as <c>path:*</c>, every
/// section whose children are listed), so a test sees which keys the SDK's binder knows.
/// </summary>
internal sealed class RecordingConfiguration : IConfigurationSection
{
    private readonly IReadOnlyDictionary<string, string> _values;
    private readonly SortedSet<string> _read;

    public RecordingConfiguration(IReadOnlyDictionary<string, string> values)
        : this(values, new SortedSet<string>(StringComparer.Ordinal), string.Empty)
    {
    }

    private RecordingConfiguration(IReadOnlyDictionary<string, string> values, SortedSet<string> read, string path)
    {
        _values = values;
        _read = read;
        Path = path;
    }

    /// <summary>Gets the keys read by name, as paths from this section (<c>Retry:MaxRetries</c>), and each of <paramref name="maps"/> whose children were listed as <c>path:*</c> (a key under one counts as that map).</summary>
    /// <remarks>Listing the children of any other section (as the binder does to find keys it does not know) reads no key and is not counted.</remarks>
    public IReadOnlyCollection<string> ReadWith(ICollection<string> maps)
    {
        lock (_read)
        {
            return _read
                .Where(k => !k.EndsWith("*", StringComparison.Ordinal) || maps.Contains(k))
                .Where(k => k.EndsWith(":*", StringComparison.Ordinal) || !maps.Any(map => k.StartsWith(map.Substring(0, map.Length - 1), StringComparison.Ordinal)))
                .ToArray();
        }
    }

    public string Key => Path.Split(':').Last();

    public string Path { get; }

    public string? Value
    {
        get => _values.TryGetValue(Path, out string? value) ? value : null;
        set => throw new NotSupportedException();
    }

    public string? this[string key]
    {
        get
        {
            string path = Combine(key);
            lock (_read)
            {
                _read.Add(path);
            }

            return _values.TryGetValue(path, out string? value) ? value : null;
        }

        set => throw new NotSupportedException();
    }

    public IConfigurationSection GetSection(string key) => new RecordingConfiguration(_values, _read, Combine(key));

    public IEnumerable<IConfigurationSection> GetChildren()
    {
        lock (_read)
        {
            _read.Add(Combine("*"));
        }

        string prefix = Path + ":";
        return _values.Keys
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .Select(k => k.Substring(prefix.Length).Split(':')[0])
            .Distinct(StringComparer.Ordinal)
            .Select(child => GetSection(child))
            .ToArray();
    }

    public IChangeToken GetReloadToken() => new CancellationChangeToken(CancellationToken.None);

    private string Combine(string key) => Path.Length == 0 ? key : Path + ":" + key;
}
