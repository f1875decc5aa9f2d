using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace OpenAIImages.Testing.Tests.Support;

/// <summary>Small builders for raw API calls with a plain <see cref="HttpClient"/>, and readers for the answers.</summary>
internal static class Api
{
    public static Task<HttpResponseMessage> GenerateAsync(this HttpClient client, string json) =>
        client.PostAsync("images/generations", new StringContent(json, Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string path, MultipartFormDataContent form) =>
        client.PostAsync(path, form);

    public static MultipartFormDataContent Form(params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach ((string name, string value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        return form;
    }

    public static MultipartFormDataContent WithFile(this MultipartFormDataContent form, string name, string fileName, byte[] bytes, string contentType = "image/png")
    {
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(part, name, fileName);
        return form;
    }

    /// <summary>Adds a file part with no <c>Content-Type</c>, as the official OpenAI .NET client sends them.</summary>
    public static MultipartFormDataContent WithUntypedFile(this MultipartFormDataContent form, string name, string fileName, byte[] bytes)
    {
        form.Add(new ByteArrayContent(bytes), name, fileName);
        return form;
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts a 400 (or other status) in OpenAI's error shape with all four keys and returns the error object.</summary>
    public static async Task<JsonElement> ErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string? param, string? code)
    {
        JsonElement root = await response.JsonAsync(status);
        JsonElement error = root.GetProperty("error");
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
        Assert.Equal(param, NullableString(error.GetProperty("param")));
        Assert.Equal(code, NullableString(error.GetProperty("code")));
        Assert.Matches("^req_[0-9a-f]{32}$", Assert.Single(response.Headers.GetValues("x-request-id")));
        return error;
    }

    public static byte[] Image(JsonElement item) => Convert.FromBase64String(item.GetProperty("b64_json").GetString()!);

    public static List<JsonElement> Items(JsonElement root)
    {
        var items = new List<JsonElement>();
        foreach (JsonElement item in root.GetProperty("data").EnumerateArray())
        {
            items.Add(item);
        }

        return items;
    }

    private static string? NullableString(JsonElement element) => element.ValueKind == JsonValueKind.Null ? null : element.GetString();
}
