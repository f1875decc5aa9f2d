using System;
using System.Collections.Generic;
using System.Text;

namespace OpenAIImages;

/// <summary>Builds a prompt from its parts: subject, style, lighting, mood and details.</summary>
/// <example><code>
/// string prompt = new ImagePromptBuilder("a lighthouse at dusk").WithStyle("watercolor").WithLighting("golden hour").Build();
/// // "a lighthouse at dusk, in watercolor style, golden hour lighting"
/// </code></example>
public sealed class ImagePromptBuilder
{
    private readonly string _subject;
    private readonly List<string> _details = [];
    private string? _style;
    private string? _lighting;
    private string? _mood;

    /// <summary>Starts a prompt about <paramref name="subject"/>.</summary>
    /// <param name="subject">What the image shows.</param>
    /// <exception cref="ArgumentException"><paramref name="subject"/> is null, empty or white space.</exception>
    public ImagePromptBuilder(string subject)
    {
        if (string.IsNullOrWhiteSpace(subject))
        {
            throw new ArgumentException("A prompt needs a subject.", nameof(subject));
        }

        _subject = subject.Trim();
    }

    /// <summary>Sets the artistic style, such as <c>watercolor</c> or <c>35 mm photograph</c>.</summary>
    /// <param name="style">The style; null or empty removes it.</param>
    /// <returns>This builder.</returns>
    public ImagePromptBuilder WithStyle(string? style) => Set(ref _style, style);

    /// <summary>Sets the lighting, such as <c>golden hour</c>.</summary>
    /// <param name="lighting">The lighting; null or empty removes it.</param>
    /// <returns>This builder.</returns>
    public ImagePromptBuilder WithLighting(string? lighting) => Set(ref _lighting, lighting);

    /// <summary>Sets the mood, such as <c>calm</c>.</summary>
    /// <param name="mood">The mood; null or empty removes it.</param>
    /// <returns>This builder.</returns>
    public ImagePromptBuilder WithMood(string? mood) => Set(ref _mood, mood);

    /// <summary>Adds a detail, such as <c>a red door</c>; details keep their order.</summary>
    /// <param name="detail">The detail; null or empty is ignored.</param>
    /// <returns>This builder.</returns>
    public ImagePromptBuilder WithDetail(string? detail)
    {
        if (!string.IsNullOrWhiteSpace(detail))
        {
            _details.Add(detail!.Trim());
        }

        return this;
    }

    /// <summary>Returns the prompt: the subject, then style, lighting, mood and details, comma-separated.</summary>
    /// <returns>The prompt text.</returns>
    public string Build()
    {
        var prompt = new StringBuilder(_subject);
        if (_style is not null)
        {
            prompt.Append(", in ").Append(_style).Append(" style");
        }

        if (_lighting is not null)
        {
            prompt.Append(", ").Append(_lighting).Append(" lighting");
        }

        if (_mood is not null)
        {
            prompt.Append(", ").Append(_mood).Append(" mood");
        }

        if (_details.Count > 0)
        {
            prompt.Append(", with ").Append(string.Join(", ", _details));
        }

        return prompt.ToString();
    }

    /// <summary>Returns <see cref="Build"/>.</summary>
    public override string ToString() => Build();

    private ImagePromptBuilder Set(ref string? field, string? value)
    {
        field = string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
        return this;
    }
}
