using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace OpenAIImages.ContractTests;

/// <summary>
/// Reads the property names of the request schemas in spec/images.prism.yaml. Prism accepts properties a schema does
/// not declare (the schemas allow additional properties), so a misspelt field would pass it: this closes that gap.
/// </summary>
/// <remarks>A line scanner for this file's layout (two-space indents, schemas at four, properties at eight), not a YAML parser.</remarks>
public static class SpecSchema
{
    /// <summary>
    /// Fields and values the SDK is gaining that this spec does not know yet (from openai-node 7.57.0): they are checked
    /// in the SDK's unit tests against captured expectations, not against Prism. When the spec learns them, the
    /// test that checks this list fails: move them into <see cref="RequestShapes"/>.
    /// </summary>
    public static IReadOnlyList<string> NotYetInSpec { get; } = ["complexity", "frame_count", "frame_duration_ms", "svg", "markup", "safety_identifier"];

    /// <summary>Gets the property names of <paramref name="schema"/> under <c>components.schemas</c>.</summary>
    public static IReadOnlySet<string> Properties(string schema)
    {
        string[] lines = File.ReadAllLines(PrismFixture.SpecPath);
        int start = Array.IndexOf(lines, "    " + schema + ":");
        if (start < 0)
        {
            throw new InvalidDataException($"Schema {schema} is not in {PrismFixture.SpecPath}.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        bool inProperties = false;
        foreach (string line in lines.Skip(start + 1))
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }

            int indent = line.Length - line.TrimStart(' ').Length;
            if (indent <= 4)
            {
                break; // the next schema
            }

            if (indent == 6)
            {
                inProperties = line.Trim() == "properties:";
            }
            else if (inProperties && indent == 8 && line.TrimEnd().EndsWith(':'))
            {
                names.Add(line.Trim().TrimEnd(':').Trim('\'', '"'));
            }
        }

        return names.Count > 0 ? names : throw new InvalidDataException($"Schema {schema} in {PrismFixture.SpecPath} lists no properties.");
    }
}
