using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OpenAIImages.Web.Safety;

/// <summary>The headers every answer carries: the page runs only its own script, is never framed, and sends no referrer.</summary>
internal static class SecurityHeaders
{
    /// <summary>
    /// The page's policy: its own script, style and API calls only; images from this app and the partial images the
    /// stream sends as <c>data:</c> URLs; no plugin, no base URL, no framing by any site (clickjacking).
    /// </summary>
    public const string PagePolicy =
        "default-src 'self'; img-src 'self' data: blob:; script-src 'self'; style-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>A generated image's policy: an SVG from the model is a document of this site's origin, so it may be shown, never run scripts or be framed.</summary>
    public const string ImagePolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'";

    /// <summary>Adds the headers to every response as it starts, error pages included; an endpoint's own <c>Content-Security-Policy</c> is kept.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        HttpResponse response = context.Response;
        response.OnStarting(() =>
        {
            IHeaderDictionary headers = response.Headers;
            if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
            {
                headers.ContentSecurityPolicy = PagePolicy;
            }

            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
