using System;
using System.Collections.Generic;

namespace OpenAIImages.Testing.Engine;

/// <summary>Turns a normal answer into a slow or broken one: the body faults <see cref="EmulatedFault.SlowBody(TimeSpan)"/> and <see cref="EmulatedFault.ResetMidBody"/>.</summary>
internal static class BodyPacing
{
    private const int SlowPieces = 10;

    public static EngineResponse Apply(EmulatedFault fault, EngineResponse response, TimeProvider clock)
    {
        response.Clock = clock;
        if (fault.Kind == FaultKind.SlowBody)
        {
            var chunks = new List<BodyChunk>(SlowPieces);
            int length = response.Body.Length;
            TimeSpan step = fault.Duration / SlowPieces;
            for (int i = 0; i < SlowPieces; i++)
            {
                int start = (int)((long)length * i / SlowPieces);
                int end = (int)((long)length * (i + 1) / SlowPieces);
                chunks.Add(new BodyChunk(step, response.Body.AsMemory(start, end - start)));
            }

            response.Chunks = chunks;
            return response;
        }

        // Reset: keep the pieces (and their pacing) that make up the first half of the body, then break off.
        int half = response.Body.Length / 2;
        var kept = new List<BodyChunk>();
        int written = 0;
        foreach (BodyChunk chunk in response.Chunks ?? [new BodyChunk(TimeSpan.Zero, response.Body)])
        {
            if (written >= half)
            {
                break;
            }

            int take = Math.Min(chunk.Data.Length, half - written);
            kept.Add(chunk with { Data = chunk.Data[..take] });
            written += take;
        }

        response.Chunks = kept;
        response.ResetAfterChunks = true;
        return response;
    }
}
