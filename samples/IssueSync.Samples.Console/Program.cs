using IssueSync.Samples.Console;

// Exit codes: 0 done (or usage shown), 1 Azure DevOps refused or failed a call (or a step did not do
// what it should), 2 wrong arguments, 130 cancelled (Ctrl+C). Output on stdout; errors and logs on stderr.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return await SampleProgram.RunAsync(args, Environment.GetEnvironmentVariable, Console.Out, Console.Error, cancel.Token);
