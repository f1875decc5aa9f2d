using System;
using System.Collections.Generic;
using static OpenAIImages.Responses.ResponseGrammar;

namespace OpenAIImages.Responses;

/// <summary>The fields of an <c>ImagesResponse</c> outside its images, as <see cref="ImagesResponseParser"/> reads them: when it was made, what it was made as, and its usage.</summary>
internal sealed class ResponseFields
{
    private string? _size;
    private string? _quality;
    private string? _outputFormat;
    private string? _background;
    private string? _safetyIdentifier;
    private bool _hasUsage;
    private int _inputTokens;
    private int _outputTokens;
    private int _totalTokens;
    private int[]? _inputDetails;
    private int[]? _outputDetails;
    private int[]? _svgUsage;
    private string? _svgModel;

    /// <summary>Gets or sets <c>created</c>, in Unix seconds.</summary>
    public long Created { get; set; }

    /// <summary>Gets the format the response declared (<c>output_format</c>), so far.</summary>
    public ImageOutputFormat? DeclaredFormat => OpenString(_outputFormat) is { } format ? new ImageOutputFormat(format) : (ImageOutputFormat?)null;

    /// <summary>Notes that an object of the response was entered: <c>usage</c> and <c>svg_usage</c> exist once entered.</summary>
    public void Entered(Context context)
    {
        if (context == Context.Usage)
        {
            _hasUsage = true;
        }
        else if (context == Context.SvgUsage)
        {
            _svgUsage ??= new int[4];
        }
    }

    /// <summary>Keeps a known text field; others are ignored.</summary>
    public void SetText(Context context, Property property, string value)
    {
        switch (context, property)
        {
            case (Context.Root, Property.Size):
                _size = value;
                break;
            case (Context.Root, Property.Quality):
                _quality = value;
                break;
            case (Context.Root, Property.OutputFormat):
                _outputFormat = value;
                break;
            case (Context.Root, Property.Background):
                _background = value;
                break;
            case (Context.Root, Property.SafetyIdentifier):
                _safetyIdentifier = value;
                break;
            case (Context.SvgUsage, Property.Model):
                _svgModel = value;
                break;
            default:
                break;
        }
    }

    /// <summary>Keeps a token count of <c>usage</c>, its details, or <c>svg_usage</c>.</summary>
    public void SetCount(Context context, Property property, int value)
    {
        switch (context, property)
        {
            case (Context.Usage, Property.InputTokens):
                _inputTokens = value;
                break;
            case (Context.Usage, Property.OutputTokens):
                _outputTokens = value;
                break;
            case (Context.Usage, _):
                _totalTokens = value;
                break;
            case (Context.InputDetails, _):
                (_inputDetails ??= new int[2])[property == Property.TextTokens ? 0 : 1] = value;
                break;
            case (Context.OutputDetails, _):
                (_outputDetails ??= new int[2])[property == Property.TextTokens ? 0 : 1] = value;
                break;
            default:
                _svgUsage![property switch { Property.InputTokens => 0, Property.OutputTokens => 1, Property.ReasoningTokens => 2, _ => 3 }] = value;
                break;
        }
    }

    /// <summary>Builds the result from what was read.</summary>
    public ImageResult ToResult(IReadOnlyList<GeneratedImage> images, string? requestId)
    {
        ImageUsage? usage = _hasUsage
            ? new ImageUsage(
                _inputTokens,
                _outputTokens,
                _totalTokens,
                _inputDetails is null ? null : new ImageTokenDetails(_inputDetails[0], _inputDetails[1]),
                _outputDetails is null ? null : new ImageTokenDetails(_outputDetails[0], _outputDetails[1]))
            : null;

        return new ImageResult(
            DateTimeOffset.FromUnixTimeSeconds(Created),
            images,
            usage,
            OpenString(_size) is { } size ? new ImageSize(size) : (ImageSize?)null,
            OpenString(_quality) is { } quality ? new ImageQuality(quality) : (ImageQuality?)null,
            DeclaredFormat,
            OpenString(_background) is { } background ? new ImageBackground(background) : (ImageBackground?)null,
            requestId,
            _safetyIdentifier,
            _svgUsage is { } svg ? new ImageSvgUsage(svg[0], svg[1], svg[2], svg[3], _svgModel) : null);
    }

    // Response enums are read as open strings; only text a value type cannot hold is dropped.
    private static string? OpenString(string? value) =>
        string.IsNullOrEmpty(value) || value!.Trim().Length != value.Length ? null : value;
}
