using System;
using System.Collections.Generic;
using System.Linq;

namespace OpenAIImages.Catalog;

/// <summary>The model catalog as one client sees it: <see cref="ModelCatalog"/>, with the changes of <see cref="ImagesClientOptions.Models"/> applied.</summary>
internal sealed class ClientCatalog
{
    private readonly Dictionary<string, ModelProfile> _changed = new(StringComparer.Ordinal);

    public ClientCatalog(IDictionary<string, ImageModelRules>? models)
    {
        if (models is null)
        {
            return;
        }

        foreach (KeyValuePair<string, ImageModelRules> model in models)
        {
            _changed[model.Key] = Apply(model.Key, model.Value);
        }
    }

    /// <summary>Finds the profile of <paramref name="model"/>: the client's change of it, else the catalog's.</summary>
    public ModelProfile Get(string? model) =>
        model is not null && _changed.TryGetValue(model, out ModelProfile? changed) ? changed : ModelCatalog.Get(model);

    private static ModelProfile Apply(string id, ImageModelRules rules)
    {
        ModelProfile start = rules.BasedOn is { Length: > 0 } basedOn ? ModelCatalog.Get(basedOn) with { Id = id } : ModelCatalog.Get(id);
        ModelProfile profile = start with
        {
            ShutdownDate = rules.StillServed ? null : rules.ShutdownDate ?? start.ShutdownDate,
            AzureShutdownDate = rules.StillServed ? null : rules.AzureShutdownDate ?? start.AzureShutdownDate,
            Counts = rules.MaxImages is { } most ? new IntRange(1, most) : start.Counts,
            OutputFormats = rules.OutputFormats.Count > 0 ? AllowedValues.Of(rules.OutputFormats.ToArray()) : start.OutputFormats,
            Qualities = rules.Qualities.Count > 0 ? AllowedValues.Of(rules.Qualities.ToArray()) : start.Qualities,
            EditQualities = rules.Qualities.Count > 0 ? AllowedValues.Of(rules.Qualities.ToArray()) : start.EditQualities,
        };

        if (rules.Sizes.Count > 0)
        {
            SizeRule sizes = ModelCatalog.Sizes(rules.Sizes.ToArray());
            profile = profile with { GenerationSizes = sizes, EditSizes = sizes, VariationSizes = sizes };
        }

        return profile;
    }
}
