// The README block as a user's file: the console app's implicit usings, and the quick start's `using OpenAIImages;` with the namespaces its types need (the block shows none).
using OpenAIImages;

namespace ReadmeUser.EditBlock;

internal static class Snippet
{
    public static async Task Edit(ImagesClient client)
    {
        // begin-snippet: edit
        await client.EditAsync(new ImageEditOptions([ImageInput.FromFile("room.png"), ImageInput.FromFile("lamp.jpg")], "put the lamp in the room")
        {
            Model = ImageModel.GptImage2,
            Mask = ImageInput.FromFile("mask.png"), // its transparent pixels are redrawn; applied to the first image
        });
        await client.EditAsync(new ImageEditOptions([ImageInput.FromUrl("https://example.com/room.png"), ImageInput.FromFileId("file-abc")], "add a window"));
        // end-snippet
    }
}
