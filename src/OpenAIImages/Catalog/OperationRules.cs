namespace OpenAIImages.Catalog;

/// <summary>Whether the model serves the endpoint at all: its lifecycle on OpenAI's API, and the operations it has.</summary>
internal static class OperationRules
{
    public static void Check(ref ValidationScope scope, ImageOperations operation, string name)
    {
        ModelProfile model = scope.Model;
        if (model.ShutdownOn(scope.Context.Service) is { } shutdown && shutdown <= scope.Context.Now)
        {
            string instead = model.Replacement is { } replacement ? $"; use {replacement} instead" : string.Empty;
            scope.Add("model", model.Id, scope.Context.IsOpenAIService
                ? $"model '{model.Id}' was retired on {ValidationText.Day(shutdown)} and OpenAI's API no longer serves it{instead} (Azure and OpenAI-compatible servers may still serve it)"
                : $"model '{model.Id}' was retired on Azure OpenAI on {ValidationText.Day(shutdown)}{instead}");
            return;
        }

        if ((model.Operations & operation) == 0)
        {
            scope.Add("model", model.Id, $"model '{model.Id}' does not support {name}; models that do: {ModelsDoing(operation)}");
        }
    }

    public static void CheckVariationsEndpoint(ref ValidationScope scope)
    {
        if (scope.Context.IsOpenAIService)
        {
            scope.Add("endpoint", "/images/variations", $"the variations endpoint was retired on OpenAI's API on {ValidationText.Day(ModelCatalog.VariationsRetired)}; use EditAsync with a GPT image model such as gpt-image-2 instead (Azure and OpenAI-compatible servers may still serve variations)");
        }
    }

    // Its own method, so a valid request allocates no closure for it.
    private static string ModelsDoing(ImageOperations operation) => ModelCatalog.ModelsWhere(p => (p.Operations & operation) != 0);
}
