using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Tests.Client.Models;

public class WorkItemStateCategoryTests : ExtensibleStringTests<WorkItemStateCategory>
{
    public override IReadOnlyList<(WorkItemStateCategory Value, string Name)> KnownValues =>
    [
        (WorkItemStateCategory.Proposed, "Proposed"),
        (WorkItemStateCategory.InProgress, "InProgress"),
        (WorkItemStateCategory.Resolved, "Resolved"),
        (WorkItemStateCategory.Completed, "Completed"),
        (WorkItemStateCategory.Removed, "Removed"),
    ];

    public override string CustomName => "Verified";
}
