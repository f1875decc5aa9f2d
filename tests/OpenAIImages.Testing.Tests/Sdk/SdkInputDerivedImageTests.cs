using System;
using System.Drawing;
using System.Threading.Tasks;
using OpenAIImages.Testing.Tests.Support;
using SkiaSharp;

namespace OpenAIImages.Testing.Tests.Sdk;

/// <summary>Edits and variations answered from their inputs, read back by a real decoder (Skia): a test can see its mask applied and its images used.</summary>
public sealed class SdkInputDerivedImageTests
{
    private static readonly Rectangle Hole = new(64, 96, 128, 64);

    [Theory]
    [MemberData(nameof(Transports.Each), MemberType = typeof(Transports))]
    public async Task Edit_with_mask_keeps_the_input_where_the_mask_is_opaque_and_repaints_where_it_is_transparent(TransportKind transport)
    {
        await using SdkHarness harness = await SdkHarness.StartAsync(transport);
        byte[] input = EmulatorImages.CreatePng(256, 256);
        byte[] mask = EmulatorImages.CreateMask(256, 256, Hole);

        ImageResult result = await harness.Client.EditAsync(new ImageEditOptions(ImageInput.FromBytes(input, "photo.png"), "Put a window in the wall")
        {
            Model = ImageModel.DallE2,
            Mask = ImageInput.FromBytes(mask, "mask.png"),
            Size = ImageSize.Square256,
            ResponseFormat = ImageResponseFormat.Base64Json,
        });

        using SKBitmap sent = SKBitmap.Decode(input);
        using SKBitmap answer = SKBitmap.Decode(Assert.Single(result.Images).Bytes.ToArray());
        int kept = 0;
        int repainted = 0;
        for (int y = 0; y < 256; y += 3)
        {
            for (int x = 0; x < 256; x += 3)
            {
                if (Hole.Contains(x, y))
                {
                    Assert.NotEqual(sent.GetPixel(x, y), answer.GetPixel(x, y));
                    repainted++;
                }
                else
                {
                    Assert.Equal(sent.GetPixel(x, y), answer.GetPixel(x, y));
                    kept++;
                }
            }
        }

        Assert.True(kept > 0 && repainted > 0);
    }

    public static TheoryData<string> InputKinds() => ["rgba-noise", "grey", "palette"];

    [Theory]
    [MemberData(nameof(InputKinds))]
    public async Task Edit_with_an_all_opaque_mask_returns_every_pixel_of_the_input_whatever_its_png_colour_type(string kind)
    {
        await using SdkHarness harness = await SdkHarness.StartAsync(TransportKind.InProcess);
        byte[] input = kind switch
        {
            "rgba-noise" => Noise(256, 256, SKColorType.Rgba8888),
            "grey" => Noise(256, 256, SKColorType.Gray8),
            _ => Png.Palette(256, 256),
        };

        byte[] answer = await EditAsync(harness, input, EmulatorImages.CreateMask(256, 256, Rectangle.Empty));

        using SKBitmap sent = SKBitmap.Decode(input);
        using SKBitmap got = SKBitmap.Decode(answer);
        for (int y = 0; y < 256; y += 5)
        {
            for (int x = 0; x < 256; x += 3)
            {
                Assert.Equal(sent.GetPixel(x, y), got.GetPixel(x, y));
            }
        }
    }

    [Fact]
    public async Task Edit_with_the_wrong_mask_shows_in_the_output()
    {
        await using SdkHarness harness = await SdkHarness.StartAsync(TransportKind.InProcess);
        byte[] input = EmulatorImages.CreatePng(256, 256);

        byte[] right = await EditAsync(harness, input, EmulatorImages.CreateMask(256, 256, Hole));
        byte[] wrong = await EditAsync(harness, input, EmulatorImages.CreateMask(256, 256, new Rectangle(0, 0, 32, 32)));

        using SKBitmap sent = SKBitmap.Decode(input);
        using SKBitmap withWrongMask = SKBitmap.Decode(wrong);
        using SKBitmap withRightMask = SKBitmap.Decode(right);
        Assert.Equal(sent.GetPixel(100, 120), withWrongMask.GetPixel(100, 120));
        Assert.NotEqual(sent.GetPixel(100, 120), withRightMask.GetPixel(100, 120));
    }

    [Fact]
    public async Task Edit_of_several_images_shows_a_trace_of_each_and_follows_the_requested_size_and_format()
    {
        await using SdkHarness harness = await SdkHarness.StartAsync(TransportKind.InProcess);
        byte[] first = EmulatorImages.CreatePng(64, 64);
        byte[] black = Solid(64, 64, SKColors.Black);
        byte[] white = Solid(64, 64, SKColors.White);

        async Task<SKBitmap> EditWithSecond(byte[] second)
        {
            ImageResult result = await harness.Client.EditAsync(new ImageEditOptions(
                [ImageInput.FromBytes(first, "first.png"), ImageInput.FromBytes(second, "second.png")],
                "Combine them")
            {
                Model = ImageModel.GptImage15,
                Size = ImageSize.Portrait1024x1536,
                Quality = ImageQuality.Low,
                OutputFormat = ImageOutputFormat.Jpeg,
            });
            return SKBitmap.Decode(Assert.Single(result.Images).Bytes.ToArray());
        }

        using SKBitmap withBlack = await EditWithSecond(black);
        using SKBitmap withWhite = await EditWithSecond(white);

        Assert.Equal((1024, 1536), (withBlack.Width, withBlack.Height));
        Assert.True(Brightness(withWhite) > Brightness(withBlack) + 40, "the second image should leave a visible trace");
    }

    [Fact]
    public async Task Json_edit_with_data_url_image_and_mask_is_drawn_from_them()
    {
        await using EmulatorHarness harness = await EmulatorHarness.StartAsync(TransportKind.InProcess);
        byte[] input = EmulatorImages.CreatePng(256, 256);
        string Url(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);
        string json = $$$"""{"model":"gpt-image-1.5","prompt":"a window","size":"1024x1024","quality":"low","images":[{"image_url":"{{{Url(input)}}}"}],"mask":{"image_url":"{{{Url(EmulatorImages.CreateMask(256, 256, Hole))}}}"}}""";

        System.Net.Http.HttpResponseMessage response = await harness.Client.PostAsync("images/edits", new System.Net.Http.StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        using SKBitmap sent = SKBitmap.Decode(input);
        using SKBitmap answer = SKBitmap.Decode(Api.Image(Api.Items(await response.JsonAsync())[0]));
        Assert.Equal(sent.GetPixel(10, 200), answer.GetPixel(40, 800)); // outside the hole, scaled 4x
        Assert.NotEqual(sent.GetPixel(100, 120), answer.GetPixel(400, 480)); // inside it
    }

    [Fact]
    public async Task Variation_is_derived_from_its_input()
    {
        await using SdkHarness harness = await SdkHarness.StartAsync(TransportKind.InProcess);

        async Task<SKBitmap> VaryAsync(byte[] input)
        {
            ImageResult result = await harness.Client.CreateVariationAsync(new ImageVariationOptions(ImageInput.FromBytes(input, "in.png"))
            {
                Size = ImageSize.Square256,
                ResponseFormat = ImageResponseFormat.Base64Json,
            });
            return SKBitmap.Decode(Assert.Single(result.Images).Bytes.ToArray());
        }

        using SKBitmap ofBlack = await VaryAsync(Solid(128, 128, SKColors.Black));
        using SKBitmap ofWhite = await VaryAsync(Solid(128, 128, SKColors.White));

        Assert.True(Brightness(ofBlack) < 80, $"a variation of black should be dark, was {Brightness(ofBlack)}");
        Assert.True(Brightness(ofWhite) > 170, $"a variation of white should be light, was {Brightness(ofWhite)}");
    }

    private static async Task<byte[]> EditAsync(SdkHarness harness, byte[] input, byte[] mask)
    {
        ImageResult result = await harness.Client.EditAsync(new ImageEditOptions(ImageInput.FromBytes(input, "photo.png"), "Put a window in the wall")
        {
            Model = ImageModel.DallE2,
            Mask = ImageInput.FromBytes(mask, "mask.png"),
            Size = ImageSize.Square256,
            ResponseFormat = ImageResponseFormat.Base64Json,
        });
        return Assert.Single(result.Images).Bytes.ToArray();
    }

    // Random pixels, so the encoder picks every PNG row filter (sub, up, average, Paeth) somewhere.
    private static byte[] Noise(int width, int height, SKColorType type)
    {
        var random = new Random(7);
        using var bitmap = new SKBitmap(width, height, type, SKAlphaType.Opaque);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                byte grey = (byte)random.Next(256);
                bitmap.SetPixel(x, y, type == SKColorType.Gray8 ? new SKColor(grey, grey, grey) : new SKColor((byte)random.Next(256), grey, (byte)(x ^ y)));
            }
        }

        using SKData data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static byte[] Solid(int width, int height, SKColor colour)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        bitmap.Erase(colour);
        using SKData data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static double Brightness(SKBitmap bitmap)
    {
        double sum = 0;
        int count = 0;
        for (int y = 0; y < bitmap.Height; y += 7)
        {
            for (int x = 0; x < bitmap.Width; x += 7)
            {
                SKColor c = bitmap.GetPixel(x, y);
                sum += (c.Red + c.Green + c.Blue) / 3.0;
                count++;
            }
        }

        return sum / count;
    }
}
