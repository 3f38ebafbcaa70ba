using System.Diagnostics;
using IssueSync.Samples.Console;

namespace IssueSync.Sdk.IntegrationTests.Samples;

/// <summary>Runs the console sample as its own process (<c>dotnet IssueSync.Samples.Console.dll</c>), capturing stdout and stderr apart.</summary>
internal static class ConsoleSampleProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(SampleProgram).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Only the arguments count: an organization in the test machine's environment must not.
        foreach (var name in (string[])[SampleArguments.OrganizationUrlVariable, SampleArguments.PersonalAccessTokenVariable, SampleArguments.ProjectVariable])
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The sample did not exit within {Timeout}.");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
