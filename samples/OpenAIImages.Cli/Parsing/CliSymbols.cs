using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace OpenAIImages.Cli.Parsing;

/// <summary>
/// Every flag and argument the tool knows. API fields are named as the field in kebab-case and parse straight to the
/// SDK's types, so each field is read from the command line in one place.
/// </summary>
/// <remarks>
/// Made anew for each run: a System.CommandLine symbol remembers every command it is added to. Values are trimmed and
/// must not be empty; a value that starts with <c>--</c> is taken for the next flag, so the flag before it has none.
/// </remarks>
internal sealed class CliSymbols
{
    public Argument<string> Prompt { get; } = new("PROMPT") { Description = "What the image should show; quote it. Put -- before a prompt that starts with a dash." };

    public Argument<string> PromptFile { get; } = new("FILE") { Description = "A text file with one prompt a line; blank lines are skipped." };

    public Option<ImageModel?> Model { get; } = Field("--model", "MODEL", "Model id, such as gpt-image-2 (the default), gpt-image-1 or dall-e-3.", v => new ImageModel(v));

    public Option<ImageModel?> VariationModel { get; } = Field("--model", "MODEL", "Model id (default dall-e-2, the one model that makes variations).", v => new ImageModel(v));

    public Option<ImageSize?> Size { get; } = Field("--size", "WxH", "Image size, such as 1024x1024, 1536x1024 or auto.", v => new ImageSize(v));

    public Option<ImageSize?> VariationSize { get; } = Field("--size", "WxH", "Image size: 256x256, 512x512 or 1024x1024 (dall-e-2's sizes; default 1024x1024).", v => new ImageSize(v));

    public Option<ImageQuality?> Quality { get; } = Field("--quality", "QUALITY", "low, medium, high, auto; standard or hd for DALL-E.", v => new ImageQuality(v));

    public Option<ImageStyle?> Style { get; } = Field("--style", "STYLE", "vivid or natural (dall-e-3).", v => new ImageStyle(v));

    public Option<int?> N { get; } = Number("--n", "COUNT", "How many images to create (1-10).");

    public Option<ImageResponseFormat?> ResponseFormat { get; } =
        Field("--response-format", "FORMAT", "url or b64_json (DALL-E); URL images are downloaded.", v => new ImageResponseFormat(v));

    public Option<string?> User { get; } = Text("--user", "ID", "An id for your end user (deprecated by the API; prefer --safety-identifier).");

    public Option<string?> SafetyIdentifier { get; } = Text("--safety-identifier", "ID", "A stable, hashed id for your end user, for abuse monitoring.");

    public Option<ImageBackground?> Background { get; } = Field("--background", "BACKGROUND", "transparent, opaque or auto (GPT image models).", v => new ImageBackground(v));

    public Option<ImageOutputFormat?> OutputFormat { get; } =
        Field("--output-format", "FORMAT", "png, jpeg or webp (GPT image models); gif or svg (gpt-image-2.5 and later).", v => new ImageOutputFormat(v));

    public Option<int?> OutputCompression { get; } = Number("--output-compression", "0-100", "Compression for jpeg and webp output.");

    public Option<ImageModeration?> Moderation { get; } =
        Field("--moderation", "LEVEL", "low or auto (GPT image models); for edit, only with --image URLs or file ids.", v => new ImageModeration(v));

    public Option<ImageInputFidelity?> InputFidelity { get; } =
        Field("--input-fidelity", "FIDELITY", "high or low: how closely an edit keeps the input.", v => new ImageInputFidelity(v));

    public Option<ImageComplexity?> Complexity { get; } =
        Field("--complexity", "LEVEL", "low, medium or high: how detailed the image is (gpt-image-2.5 and later).", v => new ImageComplexity(v));

    public Option<int?> FrameCount { get; } = Number("--frame-count", "2-16", "Frames of an animated GIF (--output-format gif).");

    public Option<int?> FrameDurationMs { get; } = Number("--frame-duration-ms", "MS", "How long each GIF frame shows, in milliseconds (--output-format gif).");

    public Option<string?> SvgModel { get; } = Text("--svg-model", "MODEL", "Model that writes the SVG (--output-format svg).");

    public Option<string?> SvgReasoningEffort { get; } = Text("--svg-reasoning-effort", "EFFORT", "Reasoning effort for the SVG model, such as low or high (--output-format svg).");

    public Option<bool> Stream { get; } = new("--stream") { Description = "Stream the image (GPT image models): save partial images as <name>-partial<k> as they arrive." };

    public Option<int?> PartialImages { get; } = Number("--partial-images", "0-3", "How many partial images to stream before the final one; needs --stream.");

    public Option<string[]> EditImages { get; } = Repeated("--image", "FILE|URL", "Input image: a local file, an https:// URL or a file-... id; repeat for several.");

    public Option<string[]> VariationImage { get; } = Repeated("--image", "FILE", "The square PNG to vary (dall-e-2: under 4 MB).");

    public Option<string?> Mask { get; } = Text("--mask", "FILE", "PNG whose transparent pixels mark where to edit; a URL or file id with URL images.");

    public Option<string?> Markup { get; } = Text("--markup", "FILE", "PNG with transparency drawn over the first image, marking what to change (gpt-image-2.5 and later).");

    public Option<decimal?> MaxCost { get; } = Amount(
        "--max-cost",
        "USD",
        "Refuse before sending when the most the request can cost (the SDK's estimate from its price table) is over USD, or unknown; for batch, the whole file's total.");

    public Option<string?> Out { get; } = Text("--out", "DIR", "Folder to save images and metadata in (default: current folder).");

    public Option<string?> ApiKey { get; } = Text(
        "--api-key",
        "KEY",
        "API key (default: OPENAI_API_KEY, or AZURE_OPENAI_API_KEY when AZURE_OPENAI_ENDPOINT is set; none: offline emulator).");

    public Option<string?> BaseUrl { get; } = Text("--base-url", "URL", "API base URL (default: OPENAI_BASE_URL, else OpenAI's).");

    public Option<string?> Deployment { get; } = Text(
        "--deployment",
        "NAME",
        "Azure OpenAI (AZURE_OPENAI_ENDPOINT set): the deployment to call; without it the v1 API is used and --model names the deployment.");

    public Option<string?> ApiVersion { get; } = Text(
        "--api-version",
        "VERSION",
        "Azure OpenAI: the api-version of --deployment (default: OPENAI_API_VERSION, else " + ImagesAzureOptions.DefaultApiVersion + ").");

    public Option<ImageModel?> AzureModel { get; } = Field(
        "--azure-model",
        "MODEL",
        "Azure OpenAI: the model behind the deployment, such as gpt-image-2, to check requests against its limits before sending.",
        v => new ImageModel(v));

    public Option<int?> Port { get; } = Number("--port", "N", "Port to listen on, on 127.0.0.1 (default 0: any free port).");

    public Option<string?> Latency { get; } = Text(
        "--latency",
        "PROFILE",
        "How long each answer takes: none (the default), realistic (the service's typical times per model and quality, partial images spread through them) or a number of milliseconds.");

    public Option<string?> Fault { get; } = Text(
        "--fault",
        "SCHEDULE",
        "Faults for the first requests, one step each, comma-separated: a status such as 429 or 500 (with :retry-after=SECONDS), ok, reset-mid-body, drop, delay=MS, slow-body=MS, content-policy; *N repeats a step. Example: 429:retry-after=1,500*2,ok.");

    public Option<int?> ImagesPerMinute { get; } = Number("--images-per-minute", "N", "Limit each API key to N images a minute, answering 429 with the service's x-ratelimit-*-images headers beyond it (default: no limit).");

    public Option<int?> Concurrency { get; } = Number("--concurrency", "N", "How many prompts are sent at a time, 1-16 (default 2).");

    public Option<bool> Resume { get; } = new("--resume")
    {
        Description = "Read manifest.jsonl in --out and send only the prompts not yet done there (failed or never sent).",
    };

    public Option<bool> BatchApi { get; } = new("--batch-api")
    {
        Description = "Send every prompt in one OpenAI Batch API job (half price, done within 24 h) and wait for it; --resume picks up the job whose id is in --out.",
    };

    /// <summary>Gets the flags that say where images go and which server makes them; every sending command takes them.</summary>
    public Option[] Connection => [Out, ApiKey, BaseUrl, Deployment, ApiVersion, AzureModel];

    /// <summary>Gets the flags that only Azure OpenAI takes.</summary>
    public Option[] AzureOnly => [Deployment, ApiVersion, AzureModel];

    private static Option<T?> Field<T>(string name, string valueName, string description, Func<string, T> create)
        where T : struct
    {
        var option = new Option<T?>(name) { HelpName = valueName, Description = description };
        option.CustomParser = result => Value(result, name, valueName) is { } text ? create(text) : null;
        return option;
    }

    private static Option<string?> Text(string name, string valueName, string description)
    {
        var option = new Option<string?>(name) { HelpName = valueName, Description = description };
        option.CustomParser = result => Value(result, name, valueName);
        return option;
    }

    private static Option<int?> Number(string name, string valueName, string description)
    {
        var option = new Option<int?>(name) { HelpName = valueName, Description = description };
        option.CustomParser = result =>
        {
            if (Value(result, name, valueName) is not { } text)
            {
                return null;
            }

            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int number))
            {
                return number;
            }

            result.AddError($"{name} takes a whole number; got '{text}'");
            return null;
        };
        return option;
    }

    private static Option<decimal?> Amount(string name, string valueName, string description)
    {
        var option = new Option<decimal?>(name) { HelpName = valueName, Description = description };
        option.CustomParser = result =>
        {
            if (Value(result, name, valueName) is not { } text)
            {
                return null;
            }

            if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal amount))
            {
                return amount;
            }

            result.AddError($"{name} takes an amount in {valueName} such as 0.50; got '{text}'");
            return null;
        };
        return option;
    }

    private static Option<string[]> Repeated(string name, string valueName, string description)
    {
        var option = new Option<string[]>(name) { HelpName = valueName, Description = description };
        option.CustomParser = result =>
        {
            var values = new string[result.Tokens.Count];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = Value(result.Tokens[i].Value, result, name, valueName) ?? string.Empty;
            }

            return values;
        };
        return option;
    }

    private static string? Value(ArgumentResult result, string name, string valueName) =>
        Value(result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty, result, name, valueName);

    private static string? Value(string token, ArgumentResult result, string name, string valueName)
    {
        string value = token.Trim();
        if (value.Length == 0 || value.StartsWith("--", StringComparison.Ordinal))
        {
            result.AddError($"{name} needs a value: {name} {valueName}");
            return null;
        }

        return value;
    }
}
