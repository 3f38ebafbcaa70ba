using IssueSync.Sdk.DocsTests.Snippets;
using IssueSync.Sdk.Testing;

namespace IssueSync.Consumer.Tests;

/// <summary>The packed packages, used as the READMEs show, by a project that only has them from a NuGet feed.</summary>
public sealed class ConsumerTests
{
    [Fact]
    public async Task The_emulator_loop_resolves_the_hosts_group_through_the_packed_packages()
    {
        var seen = await InboundLoopSnippet.RunAsync();

        Assert.Equal(200, seen.StatusCode);
        Assert.True(seen.GroupResolved);
    }

    [Fact]
    public async Task The_readme_host_creates_and_resolves_a_work_item_through_the_packed_packages()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        emulator.Organization.AddProject("Fabrikam-Fiber");

        var made = await UsingItSnippet.RunAsync(["--AzureDevOps:OrganizationUrl=" + emulator.OrganizationUrl.AbsoluteUri, "--AzureDevOps:Pat=" + emulator.PersonalAccessToken]);

        Assert.Equal("Resolved", emulator.Organization.GetWorkItem(made.Created.Id)?.GetString("System.State"));
        Assert.True(made.HostPortsResolve);
    }
}
