// The README block as a user's file: the console app's implicit usings, and the quick start's `using OpenAIImages;` with the namespaces its types need (the block shows none).
using System.Drawing;
using OpenAIImages;
using OpenAIImages.Testing;

namespace ReadmeUser.EmulatorMaskedEditBlock;

internal static class Snippet
{
    /// <summary>The masked edit of the README, against the emulator behind <paramref name="client"/>.</summary>
    public static async Task<(byte[] Photo, ImageResult Edited)> EmulatorMaskedEdit(ImagesClient client)
    {
        // begin-snippet: emulator-masked-edit
        byte[] photo = EmulatorImages.CreatePng(256, 256);
        byte[] mask = EmulatorImages.CreateMask(256, 256, new Rectangle(64, 64, 128, 128)); // transparent: repaint here
        ImageResult edited = await client.EditAsync(new ImageEditOptions(ImageInput.FromBytes(photo, "photo.png"), "add a window")
        {
            Model = ImageModel.DallE2,
            Mask = ImageInput.FromBytes(mask, "mask.png"),
            ResponseFormat = ImageResponseFormat.Base64Json,
        });
        // edited.Images[0] has the photo's pixels where the mask is opaque and new ones inside the rectangle
        // end-snippet
        return (photo, edited);
    }
}
