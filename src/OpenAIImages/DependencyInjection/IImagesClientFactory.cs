namespace OpenAIImages;

/// <summary>Creates the <see cref="ImagesClient"/> registered under a name with <c>AddImagesClient(name, …)</c>, for apps with several keys or servers.</summary>
public interface IImagesClientFactory
{
    /// <summary>Creates the client registered as <paramref name="name"/>; clients of one name share their rate limiter.</summary>
    /// <param name="name">The name given to <c>AddImagesClient</c>; <see cref="string.Empty"/> for the unnamed client.</param>
    /// <returns>A client over a fresh <see cref="System.Net.Http.HttpClient"/> from <c>IHttpClientFactory</c>.</returns>
    /// <exception cref="System.InvalidOperationException">No client was registered under <paramref name="name"/>.</exception>
    ImagesClient CreateClient(string name);
}
