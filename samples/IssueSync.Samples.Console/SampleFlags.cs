namespace IssueSync.Samples.Console;

/// <summary>
/// The flags of one command line, read the same way for every command: <c>--help</c>, the switches
/// <c>--emulator</c> and <c>--verbose</c>, and flags that take a value.
/// </summary>
/// <param name="Help">--help, -h or -? was given.</param>
/// <param name="UseEmulator">--emulator was given.</param>
/// <param name="Verbose">--verbose was given.</param>
/// <param name="Values">Each value flag given, by its name (the last one wins).</param>
internal sealed record SampleFlags(bool Help, bool UseEmulator, bool Verbose, IReadOnlyDictionary<string, string> Values)
{
    /// <summary>Reads <paramref name="args"/>; a flag not in <paramref name="valueFlags"/> or a value flag without a value is an error.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="valueFlags">The flags that take a value.</param>
    /// <param name="helpHint">How to get help, ending the error line ("Run with --help for the options.").</param>
    /// <param name="unknownSuffix">Said after an unknown flag's name (e.g. " for commits"), or empty.</param>
    /// <returns>The flags, or the one-line problem.</returns>
    public static (SampleFlags? Flags, string? Problem) Read(IReadOnlyList<string> args, IReadOnlySet<string> valueFlags, string helpHint, string unknownSuffix = "")
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var useEmulator = false;
        var verbose = false;
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            switch (flag)
            {
                case "--help" or "-h" or "-?":
                    return (new SampleFlags(Help: true, useEmulator, verbose, values), null);
                case "--emulator":
                    useEmulator = true;
                    continue;
                case "--verbose":
                    verbose = true;
                    continue;
            }

            if (!valueFlags.Contains(flag))
            {
                return (null, $"Unknown argument '{flag}'{unknownSuffix}. {helpHint}");
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal) || string.IsNullOrWhiteSpace(args[i + 1]))
            {
                return (null, $"{flag} needs a value. {helpHint}");
            }

            values[flag] = args[++i];
        }

        return (new SampleFlags(Help: false, useEmulator, verbose, values), null);
    }

    /// <summary>The value of <paramref name="flag"/>, or <see langword="null"/> when it was not given.</summary>
    public string? this[string flag] => Values.GetValueOrDefault(flag);
}
