namespace IssueSync.Samples.Console;

/// <summary>The sample's entry point, with its output, error writer and environment passed in (the tests run it in memory).</summary>
internal static class SampleProgram
{
    /// <summary>Runs the sample. Exit codes: 0 done (or usage shown), 1 Azure DevOps refused or failed (or a step did not do what it should), 2 wrong arguments, 130 cancelled.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, Func<string, string?> environment, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Count > 0 && args[0] == CommitsCommand.Name)
        {
            return await RunCommitsAsync(args, environment, output, error, cancellationToken);
        }

        var (arguments, problem) = SampleArguments.Parse(args, environment);
        if (problem is not null)
        {
            await error.WriteLineAsync(problem);
            return 2;
        }

        try
        {
            return arguments!.Mode switch
            {
                SampleMode.Help => await WriteUsageAsync(output),
                SampleMode.Emulator => await EmulatorMode.RunAsync(arguments.Verbose, output, error, cancellationToken),
                _ => await OrganizationMode.RunAsync(arguments, output, error, cancellationToken),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled while starting the emulator or a host (cancellations while running are reported by SampleHost).
            await error.WriteLineAsync(SampleHost.CancelledLine);
            return 130;
        }
    }

    private static async Task<int> RunCommitsAsync(IReadOnlyList<string> args, Func<string, string?> environment, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            return await CommitsCommand.RunAsync(args.Skip(1).ToList(), environment, output, error, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync(SampleHost.CancelledLine);
            return 130;
        }
    }

    private static async Task<int> WriteUsageAsync(TextWriter output)
    {
        await output.WriteLineAsync(SampleArguments.Usage);
        return 0;
    }
}
