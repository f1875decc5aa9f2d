using System;
using System.Collections.Generic;
using System.Text.Json;

namespace OpenAIImages.Web.Tests;

/// <summary>The app's server-sent events read from a whole answer: each event's type and its JSON.</summary>
internal static class EventStream
{
    public static IReadOnlyList<(string Type, JsonElement Data)> Parse(string text)
    {
        var events = new List<(string, JsonElement)>();
        foreach (string block in text.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            string type = "message";
            var data = new List<string>();
            foreach (string line in block.Split('\n'))
            {
                if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    type = line["event:".Length..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Add(line["data:".Length..].TrimStart(' '));
                }
            }

            if (data.Count > 0)
            {
                events.Add((type, JsonDocument.Parse(string.Join('\n', data)).RootElement.Clone()));
            }
        }

        return events;
    }
}
