using BenchmarkDotNet.Running;
using IssueSync.Sdk.Benchmarks;

switch (args)
{
    case ["--memory"]:
        // Not a BenchmarkDotNet suite: what the in-memory state stores keep per entry.
        StateStoreMemory.Report(Console.Out);
        return 0;
    case ["--quick", .. var rest]:
        return BenchmarkModes.Quick(rest);
    case ["--full", .. var rest]:
        return BenchmarkModes.Full(rest);
    case ["--loopback", .. var rest]:
        return BenchmarkModes.Loopback(rest);
    default:
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
}
