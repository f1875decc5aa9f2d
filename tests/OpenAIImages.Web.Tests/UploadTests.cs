using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Tasks;
using OpenAIImages.Testing;

namespace OpenAIImages.Web.Tests;

/// <summary>The edit form's upload as any HTTP client sends it: streamed, checked as it arrives, and not kept.</summary>
[Collection(WebCollection.Name)]
public sealed class UploadTests(WebAppFixture app)
{
    [Fact]
    public async Task An_edit_with_an_image_and_a_mask_is_answered_with_its_gallery_entry()
    {
        using HttpClient client = WebAppFixture.PageClient(app.BaseAddress);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("a red door"), "prompt" },
            { Png(EmulatorImages.CreatePng(256, 256)), "image", "room.png" },
        };

        using HttpResponseMessage response = await client.PostAsync("api/edits", form);

        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
    }

    private static ByteArrayContent Png(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return content;
    }
}
