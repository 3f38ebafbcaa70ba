using BenchmarkDotNet.Running;
using IssueSync.Sdk.Benchmarks;

if (args is ["--memory"])
{
    // Not a BenchmarkDotNet suite: what the in-memory state stores keep per entry.
    StateStoreMemory.Report(Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
