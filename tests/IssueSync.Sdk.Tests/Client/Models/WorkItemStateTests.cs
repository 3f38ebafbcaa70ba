using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Tests.Client.Models;

public class WorkItemStateTests : ExtensibleStringTests<WorkItemState>
{
    public override IReadOnlyList<(WorkItemState Value, string Name)> KnownValues =>
    [
        (WorkItemState.New, "New"),
        (WorkItemState.Active, "Active"),
        (WorkItemState.Resolved, "Resolved"),
        (WorkItemState.Closed, "Closed"),
        (WorkItemState.ToDo, "To Do"),
        (WorkItemState.Doing, "Doing"),
        (WorkItemState.Done, "Done"),
        (WorkItemState.Removed, "Removed"),
    ];

    public override string CustomName => "Pruebas unitarias";
}
