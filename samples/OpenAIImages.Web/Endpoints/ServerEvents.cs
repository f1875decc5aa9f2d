using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OpenAIImages.Web.Gallery;
using OpenAIImages.Web.Json;

namespace OpenAIImages.Web.Endpoints;

/// <summary>The server-sent events the page reads: a type and one line of the app's JSON.</summary>
internal static class ServerEvents
{
    /// <summary>A <c>completed</c> event: an image stored in the gallery.</summary>
    public static SseItem<string> Completed(GalleryItem item) => Event("completed", GalleryEntry.From(item), WebJsonContext.Default.GalleryEntry);

    /// <summary>An event of <paramref name="type"/> with <paramref name="data"/> as its JSON.</summary>
    public static SseItem<string> Event<T>(string type, T data, JsonTypeInfo<T> typeInfo) => new(JsonSerializer.Serialize(data, typeInfo), type);
}
