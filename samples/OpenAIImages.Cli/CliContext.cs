using System;
using System.IO;

namespace OpenAIImages.Cli;

/// <summary>What a command runs with: its output streams, the environment lookup, whether to show progress, and the clock.</summary>
/// <param name="Stdout">Saved paths and reports.</param>
/// <param name="Stderr">Notices, progress and errors.</param>
/// <param name="Environment">Reads an environment variable; tests pass their own so the real environment is never read.</param>
/// <param name="ShowProgress">Whether stderr is a terminal, so a spinner may be drawn on it.</param>
/// <param name="Clock">The clock that time-stamps file names.</param>
internal sealed record CliContext(TextWriter Stdout, TextWriter Stderr, Func<string, string?> Environment, bool ShowProgress, TimeProvider Clock);
