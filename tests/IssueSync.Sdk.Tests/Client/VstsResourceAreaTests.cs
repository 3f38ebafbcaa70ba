using IssueSync.Sdk.Client;
using IssueSync.Sdk.Tests.Client.Models;

namespace IssueSync.Sdk.Tests.Client;

public class VstsResourceAreaTests : ExtensibleStringTests<VstsResourceArea>
{
    // The ids Azure DevOps' Resource Areas API knows these areas by (the URL segment on the wire).
    public override IReadOnlyList<(VstsResourceArea Value, string Name)> KnownValues =>
    [
        (VstsResourceArea.Core, "79134c72-4a58-4b42-976c-04e7115f32bf"),
        (VstsResourceArea.WorkItemTracking, "5264459e-e5e0-4bd8-b118-0985e68a4ec5"),
        (VstsResourceArea.Graph, "4e40f190-2e3f-4d9f-8331-c7788e833080"),
        (VstsResourceArea.Search, "ea48a0a1-269c-42d8-b8ad-ddc8fcdcf578"),
    ];

    // Release management (vsrm), an area the SDK does not name.
    public override string CustomName => "EFC2F575-36EF-48E9-B672-0C6FB4A48AC5";
}
