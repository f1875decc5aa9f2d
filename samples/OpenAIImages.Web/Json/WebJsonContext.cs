using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace OpenAIImages.Web.Json;

/// <summary>The app's JSON, source-generated (trimming- and AOT-safe), in the API's snake_case.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GenerationForm))]
[JsonSerializable(typeof(GalleryEntry))]
[JsonSerializable(typeof(IReadOnlyList<GalleryEntry>))]
[JsonSerializable(typeof(PartialImage))]
[JsonSerializable(typeof(CallProgress))]
[JsonSerializable(typeof(PageError))]
[JsonSerializable(typeof(BackendStatus))]
internal sealed partial class WebJsonContext : JsonSerializerContext;
