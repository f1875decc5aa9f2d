using System.Linq;

namespace OpenAIImages.ContractTests;

/// <summary>Checks on the spec copy itself, without Prism.</summary>
public sealed class SpecTests
{
    [Theory]
    [InlineData("CreateImageRequest", new[] { "model", "prompt", "n", "size", "quality", "style", "response_format", "background", "output_format", "output_compression", "moderation", "user", "stream", "partial_images" })]
    [InlineData("CreateImageEditRequest", new[] { "model", "image", "image[]", "mask", "prompt", "n", "size", "quality", "input_fidelity", "response_format", "output_format", "output_compression", "background", "user", "stream", "partial_images" })]
    [InlineData("CreateImageVariationRequest", new[] { "model", "image", "n", "size", "response_format", "user" })]
    public void Spec_schema_lists_every_field_the_SDK_sends(string schema, string[] fields)
    {
        Assert.Empty(fields.Except(SpecSchema.Properties(schema)));
    }

    [Fact]
    public void Fields_the_spec_does_not_know_yet_are_left_to_the_captured_expectation_tests()
    {
        // If this fails, the spec has learnt a field: add shapes that use it to RequestShapes and drop it from NotYetInSpec.
        string[] schemas = ["CreateImageRequest", "CreateImageEditRequest", "EditImageBodyJsonParam"];
        foreach (string schema in schemas)
        {
            Assert.Empty(SpecSchema.NotYetInSpec.Intersect(SpecSchema.Properties(schema)));
        }
    }

    [Fact]
    public void Every_shape_has_a_unique_name_and_the_lists_are_not_empty()
    {
        Assert.NotEmpty(RequestShapes.Accepted);
        Assert.NotEmpty(RequestShapes.Invalid);
        Assert.All(RequestShapes.Accepted, s => Assert.Null(s.InvalidField));
        Assert.All(RequestShapes.Invalid, s => Assert.NotNull(s.InvalidField));
        Assert.Equal(RequestShapes.Accepted.Count + RequestShapes.Invalid.Count, RequestShapes.Accepted.Concat(RequestShapes.Invalid).Select(s => s.Name).Distinct().Count());
    }
}
