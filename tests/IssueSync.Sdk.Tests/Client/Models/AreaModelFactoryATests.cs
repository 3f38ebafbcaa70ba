using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Tests.Client.Models;

/// <summary>The factory methods hosts use to fake work item type, Graph and search answers.</summary>
public sealed class AreaModelFactoryATests
{
    [Fact]
    public void WorkItemTypeState_CarriesNameCategoryAndColor()
    {
        var state = VstsModelFactory.WorkItemTypeState("Pruebas unitarias", WorkItemStateCategory.InProgress, "007acc");

        Assert.Equal(new WorkItemState("pruebas UNITARIAS"), state.Name);
        Assert.Equal(WorkItemStateCategory.InProgress, state.Category);
        Assert.Equal("007acc", state.Color);
    }

    [Fact]
    public void WorkItemTypeCategory_DefaultsToNoTypes()
    {
        var bug = VstsModelFactory.WorkItemTypeReference(WorkItemTypeName.Bug, "https://dev.azure.com/fabrikam/p/_apis/wit/workItemTypes/Microsoft.VSTS.WorkItemTypes.Bug");

        var empty = VstsModelFactory.WorkItemTypeCategory("Hidden Types Category", "Microsoft.HiddenCategory");
        var bugs = VstsModelFactory.WorkItemTypeCategory("Bug Category", "Microsoft.BugCategory", [bug], bug);

        Assert.Empty(empty.WorkItemTypes);
        Assert.Null(empty.DefaultWorkItemType);
        Assert.Equal("Microsoft.BugCategory", bugs.ReferenceName);
        Assert.Equal("Bug Category", bugs.Name);
        Assert.Same(bug, Assert.Single(bugs.WorkItemTypes));
        Assert.Same(bug, bugs.DefaultWorkItemType);
    }

    [Fact]
    public void GraphUser_CarriesEveryField()
    {
        var user = VstsModelFactory.GraphUser(
            "aad.ZTAy", "Francis Totten", "ftotten@vscsi.us", "ftotten@vscsi.us", "aad", "e02b5a7a", domain: "4c1b2dc9", url: "https://vssps.dev.azure.com/fabrikam/_apis/Graph/Users/aad.ZTAy");

        Assert.Equal(
            ("aad.ZTAy", "Francis Totten", "ftotten@vscsi.us", "ftotten@vscsi.us", "aad", "e02b5a7a", "user", "4c1b2dc9", "https://vssps.dev.azure.com/fabrikam/_apis/Graph/Users/aad.ZTAy"),
            (user.Descriptor, user.DisplayName, user.MailAddress, user.PrincipalName, user.Origin, user.OriginId, user.SubjectKind, user.Domain, user.Url));
    }

    [Fact]
    public void WorkItemSearchHit_ReadsIdAndTitleIgnoringKeyCase()
    {
        var project = VstsModelFactory.TeamProject("c0bf429a", "Fabrikam Fiber");

        var hit = VstsModelFactory.WorkItemSearchHit(
            new Dictionary<string, string> { ["System.Id"] = "7", ["SYSTEM.TITLE"] = "Crash", ["system.state"] = "New" },
            project);

        Assert.Equal(7, hit.Id);
        Assert.Equal("Crash", hit.Title);
        Assert.Equal("New", hit.Fields["System.State"]);
        Assert.Same(project, hit.Project);
        Assert.Null(VstsModelFactory.WorkItemSearchHit(new Dictionary<string, string>()).Id);
    }

    [Fact]
    public void WorkItemSearchResults_CountDefaultsToTheHits()
    {
        WorkItemSearchHit[] hits = [VstsModelFactory.WorkItemSearchHit(new Dictionary<string, string> { ["system.id"] = "1" })];

        Assert.Equal(1, VstsModelFactory.WorkItemSearchResults(hits).Count);
        Assert.Equal(250, VstsModelFactory.WorkItemSearchResults(hits, count: 250).Count);
        Assert.Same(hits[0], Assert.Single(VstsModelFactory.WorkItemSearchResults(hits).Results));
    }
}
