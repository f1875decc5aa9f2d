using Microsoft.Extensions.Options;

namespace OpenAIImages.Validation;

/// <summary>
/// The per-setting rules of <see cref="ImagesClientOptions"/>, written as data annotations on the options and checked by
/// code the options validation source generator writes (no reflection: trimming- and AOT-safe).
/// </summary>
/// <remarks>
/// The generator follows <c>[ValidateObjectMembers]</c> into <see cref="ImagesClientOptions.Retry"/>,
/// <see cref="ImagesClientOptions.RateLimits"/> and <see cref="ImagesClientOptions.Azure"/>. The one rule across settings
/// (a credential of some kind) is <see cref="ImagesClientOptions.Validate"/>'s.
/// </remarks>
[OptionsValidator]
internal sealed partial class ImagesClientOptionsChecks : IValidateOptions<ImagesClientOptions>
{
}
