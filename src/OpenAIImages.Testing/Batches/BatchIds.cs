using System;
using System.Security.Cryptography;

namespace OpenAIImages.Testing.Batches;

/// <summary>Makes the Batch API's random ids: a prefix and 24 hex digits.</summary>
internal static class BatchIds
{
    public static string New(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
