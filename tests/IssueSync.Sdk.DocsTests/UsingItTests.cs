using IssueSync.Sdk.DocsTests.Snippets;
using IssueSync.Sdk.Testing;

namespace IssueSync.Sdk.DocsTests;

/// <summary>The README's "Using it" runs as pasted (the host's stores aside), against the emulator.</summary>
public sealed class UsingItTests
{
    [Fact]
    public async Task The_using_it_snippet_creates_resolves_and_comments_on_a_work_item()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        var project = emulator.Organization.AddProject("Fabrikam-Fiber");

        var made = await UsingItSnippet.RunAsync(
        [
            "--AzureDevOps:OrganizationUrl=" + emulator.OrganizationUrl.AbsoluteUri,
            "--AzureDevOps:Pat=" + emulator.PersonalAccessToken,
        ]);

        var stored = emulator.Organization.GetWorkItem(made.Created.Id);
        Assert.NotNull(stored);
        Assert.Equal(project.Id, stored.ProjectId);
        Assert.Equal("Resolved", stored.GetString("System.State"));
        Assert.Equal(made.Created.Revision + 1, made.Updated.Revision);
        Assert.Equal(emulator.Organization.Projects.Count, made.Projects);
        Assert.Equal(made.Created.Id, made.Comment.WorkItemId);
        Assert.True(made.HostPortsResolve);
    }
}
