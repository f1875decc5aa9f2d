using System;
using System.IO;
using System.Linq;
using OpenAIImages.Cli.Commands;

namespace OpenAIImages.Cli.Tests;

/// <summary>Alone: the first test measures the heap, which other tests' work would move.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasuringCollection
{
    public const string Name = "Memory measuring";
}

/// <summary>The batch journal itself: what it holds in memory while a batch runs, and what it reads back.</summary>
[Collection(MemoryMeasuringCollection.Name)]
public sealed class BatchManifestTests : CliTestBase
{
    [Fact]
    public void The_manifest_holds_no_entry_per_prompt_while_a_batch_runs()
    {
        Directory.CreateDirectory(OutDir);
        const int prompts = 500;
        const int promptLength = 40_000;
        using BatchManifest manifest = BatchManifest.Start(OutDir, prompts);
        long before = GC.GetTotalMemory(forceFullCollection: true);

        // Each entry is made here and dropped once recorded, as the batch command does.
        for (int index = 1; index <= prompts; index++)
        {
            manifest.Record(Entry(index, promptLength));
        }

        long held = GC.GetTotalMemory(forceFullCollection: true) - before;

        // Entries kept in memory would hold their prompts: 500 of 40,000 characters, 40 MB.
        Assert.InRange(held, long.MinValue, 8_000_000);
        Assert.Equal(prompts, manifest.DoneCount);
        Assert.Equal(prompts, File.ReadLines(Path.Combine(OutDir, BatchManifest.FileName)).Count());
        GC.KeepAlive(manifest);
    }

    [Fact]
    public void Entries_are_read_back_in_prompt_order_the_last_line_of_each_prompt_winning()
    {
        Directory.CreateDirectory(OutDir);
        using (BatchManifest manifest = BatchManifest.Start(OutDir, 4))
        {
            // Recorded as they finish: out of order, prompt 3 failing first and then succeeding, prompt 2 never finishing.
            manifest.Record(Entry(4, 10) with { Ok = false, Files = [], Error = "refused" });
            manifest.Record(Entry(3, 10) with { Ok = false, Files = [], Error = "timed out" });
            manifest.Record(Entry(1, 9_000));
            manifest.Record(Entry(3, 10));

            Assert.Equal(2, manifest.DoneCount);
            Assert.False(manifest.IsDone(2));
            Assert.False(manifest.IsDone(4));
            ManifestEntry[] entries = [.. manifest.Entries];
            Assert.Equal([1, 3, 4], entries.Select(e => e.Index));
            Assert.Equal([true, true, false], entries.Select(e => e.Ok));
            Assert.Equal(Entry(1, 9_000).Prompt, entries[0].Prompt);
            Assert.Equal(["image-3.png"], entries[1].Files);
            Assert.Equal("refused", entries[2].Error);
            Assert.All(entries, e => Assert.False(e.Earlier));
        }

        // A later run reads the same journal: the same entries, now from an earlier run; its own lines are not.
        string[] promptsOfTheFile = [.. Enumerable.Range(1, 4).Select(i => Entry(i, i == 1 ? 9_000 : 10).Prompt)];
        using (BatchManifest resumed = BatchManifest.Resume(OutDir, promptsOfTheFile, TextWriter.Null))
        {
            Assert.Equal(2, resumed.DoneCount);
            resumed.Record(Entry(4, 10));
            ManifestEntry[] entries = [.. resumed.Entries];
            Assert.Equal([1, 3, 4], entries.Select(e => e.Index));
            Assert.Equal([true, true, false], entries.Select(e => e.Earlier));
            Assert.Equal(3, resumed.DoneCount);
        }
    }

    private static ManifestEntry Entry(int index, int promptLength) =>
        new(index, "p" + index + " " + new string('x', promptLength), true, [$"image-{index}.png"], "req_" + index, null) { Cost = 0.011m, Currency = "USD" };
}
