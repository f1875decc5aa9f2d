using System;
using System.Collections.Generic;

namespace OpenAIImages;

/// <summary>
/// Changes what the SDK's model catalog says of one model id, for one client: move or clear its shutdown date, keep
/// using a model the catalog calls retired, or describe a model the catalog does not know yet. Set in code
/// (<see cref="ImagesClientOptions.Models"/>) or in configuration (<c>OpenAIImages:Models:{id}:ShutdownDate</c>, ...).
/// </summary>
/// <remarks>
/// The catalog's lifecycle dates follow the services' announcements; when a service moves a date, or serves a model
/// the SDK does not know, this changes only what you name, where turning <see cref="ImagesClientOptions.ValidateRequests"/>
/// off would drop every check. What is not set here keeps the catalog's rules (or, with <see cref="BasedOn"/>, that
/// model's).
/// </remarks>
public sealed class ImageModelRules
{
    /// <summary>Gets or sets the date OpenAI's API stops serving the model, in place of the catalog's; null keeps the catalog's.</summary>
    public DateTimeOffset? ShutdownDate { get; set; }

    /// <summary>Gets or sets the date Azure OpenAI stops serving the model, in place of the catalog's; null keeps the catalog's.</summary>
    public DateTimeOffset? AzureShutdownDate { get; set; }

    /// <summary>Gets or sets whether the service still serves the model whatever the catalog's dates say: requests for it are neither refused as retired nor warned of as deprecated.</summary>
    public bool StillServed { get; set; }

    /// <summary>Gets or sets a model the catalog knows whose rules this one starts from (for a new model, for example <c>gpt-image-2</c>); null starts from the catalog's entry for this id, or from the rules every model shares.</summary>
    public string? BasedOn { get; set; }

    /// <summary>Gets the sizes the model takes (for example <c>1024x1024</c>, <c>auto</c>), for every operation; empty keeps what the model starts from.</summary>
    public IList<string> Sizes { get; } = new List<string>();

    /// <summary>Gets or sets the most images one request may ask for (<c>n</c>); null keeps what the model starts from.</summary>
    public int? MaxImages { get; set; }

    /// <summary>Gets the output formats the model takes (<c>png</c>, <c>jpeg</c>, <c>webp</c>, ...); empty keeps what the model starts from.</summary>
    public IList<string> OutputFormats { get; } = new List<string>();

    /// <summary>Gets the qualities the model takes (<c>low</c>, <c>medium</c>, <c>high</c>, <c>auto</c>, ...); empty keeps what the model starts from.</summary>
    public IList<string> Qualities { get; } = new List<string>();

    internal ImageModelRules Snapshot()
    {
        var copy = new ImageModelRules { ShutdownDate = ShutdownDate, AzureShutdownDate = AzureShutdownDate, StillServed = StillServed, BasedOn = BasedOn, MaxImages = MaxImages };
        Copy(Sizes, copy.Sizes);
        Copy(OutputFormats, copy.OutputFormats);
        Copy(Qualities, copy.Qualities);
        return copy;
    }

    private static void Copy(IList<string> from, IList<string> to)
    {
        foreach (string value in from)
        {
            to.Add(value);
        }
    }
}
