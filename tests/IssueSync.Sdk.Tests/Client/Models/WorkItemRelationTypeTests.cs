using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Tests.Client.Models;

public class WorkItemRelationTypeTests : ExtensibleStringTests<WorkItemRelationType>
{
    public override IReadOnlyList<(WorkItemRelationType Value, string Name)> KnownValues =>
    [
        (WorkItemRelationType.Hyperlink, "Hyperlink"),
        (WorkItemRelationType.ArtifactLink, "ArtifactLink"),
        (WorkItemRelationType.AttachedFile, "AttachedFile"),
        (WorkItemRelationType.Related, "System.LinkTypes.Related"),
        (WorkItemRelationType.Parent, "System.LinkTypes.Hierarchy-Reverse"),
        (WorkItemRelationType.Child, "System.LinkTypes.Hierarchy-Forward"),
    ];

    public override string CustomName => "Microsoft.VSTS.Common.TestedBy-Forward";
}
