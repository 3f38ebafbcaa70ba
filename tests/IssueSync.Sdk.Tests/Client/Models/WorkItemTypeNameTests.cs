using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Tests.Client.Models;

public class WorkItemTypeNameTests : ExtensibleStringTests<WorkItemTypeName>
{
    public override IReadOnlyList<(WorkItemTypeName Value, string Name)> KnownValues =>
    [
        (WorkItemTypeName.Bug, "Bug"),
        (WorkItemTypeName.Task, "Task"),
        (WorkItemTypeName.Issue, "Issue"),
        (WorkItemTypeName.UserStory, "User Story"),
        (WorkItemTypeName.ProductBacklogItem, "Product Backlog Item"),
        (WorkItemTypeName.Feature, "Feature"),
        (WorkItemTypeName.Epic, "Epic"),
    ];

    public override string CustomName => "Some-Thing.GIssue";
}
