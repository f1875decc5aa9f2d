using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace OpenAIImages.Extensions.AI.Tests.Support;

/// <summary>The OpenTelemetry SDK listening to <c>OpenAIImages</c> with in-memory exporters; what one harness's host emitted is read back by <c>server.address</c>.</summary>
internal sealed class TelemetryCapture : IDisposable
{
    private readonly LockedCollection<Activity> _activities = new();
    private readonly LockedCollection<MetricSnapshot> _metrics = new();
    private readonly TracerProvider _tracer;
    private readonly MeterProvider _meter;

    public TelemetryCapture(params string[] extraSources)
    {
        _tracer = Sdk.CreateTracerProviderBuilder().AddSource(["OpenAIImages", .. extraSources]).AddInMemoryExporter(_activities).Build();
        _meter = Sdk.CreateMeterProviderBuilder().AddMeter("OpenAIImages").AddInMemoryExporter(_metrics).Build();
    }

    /// <summary>The activities of the client whose base address has <paramref name="host"/>.</summary>
    public IReadOnlyList<Activity> Activities(string host) =>
        _activities.Snapshot().Where(a => a.Source.Name == "OpenAIImages" && (string?)a.GetTagItem("server.address") == host).ToArray();

    public IReadOnlyList<Activity> AllActivities() => _activities.Snapshot();

    /// <summary>The points of <paramref name="metric"/> tagged with <paramref name="host"/>, each with its tags as a dictionary, after a flush.</summary>
    public IReadOnlyList<(MetricPoint Point, IReadOnlyDictionary<string, object?> Tags)> Points(string metric, string? host)
    {
        _meter.ForceFlush();
        MetricSnapshot? last = _metrics.Snapshot().LastOrDefault(m => m.Name == metric);
        if (last is null)
        {
            return [];
        }

        var points = new List<(MetricPoint, IReadOnlyDictionary<string, object?>)>();
        foreach (MetricPoint point in last.MetricPoints)
        {
            var tags = new Dictionary<string, object?>();
            foreach (KeyValuePair<string, object?> tag in point.Tags)
            {
                tags[tag.Key] = tag.Value;
            }

            if (host is null || (tags.TryGetValue("server.address", out object? address) && (string?)address == host))
            {
                points.Add((point, tags));
            }
        }

        return points;
    }

    public void Dispose()
    {
        _tracer.Dispose();
        _meter.Dispose();
    }

    // Exporters add from whichever thread ended the activity; other tests run at the same time.
    private sealed class LockedCollection<T> : ICollection<T>
    {
        private readonly List<T> _items = [];

        public int Count
        {
            get
            {
                lock (_items)
                {
                    return _items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public T[] Snapshot()
        {
            lock (_items)
            {
                return _items.ToArray();
            }
        }

        public void Add(T item)
        {
            lock (_items)
            {
                _items.Add(item);
            }
        }

        public void Clear()
        {
            lock (_items)
            {
                _items.Clear();
            }
        }

        public bool Contains(T item)
        {
            lock (_items)
            {
                return _items.Contains(item);
            }
        }

        public void CopyTo(T[] array, int arrayIndex)
        {
            lock (_items)
            {
                _items.CopyTo(array, arrayIndex);
            }
        }

        public bool Remove(T item)
        {
            lock (_items)
            {
                return _items.Remove(item);
            }
        }

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)Snapshot()).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
