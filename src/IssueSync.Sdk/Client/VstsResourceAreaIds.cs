namespace IssueSync.Sdk.Client;

/// <summary>
/// Ids of the Azure DevOps resource areas the SDK uses, as the URL segment of the Resource Areas
/// API. Hosts name an area with <see cref="VstsResourceArea"/>.
/// </summary>
internal static class VstsResourceAreaIds
{
    /// <summary>Core: its location is the organization base URL.</summary>
    public const string Core = "79134c72-4a58-4b42-976c-04e7115f32bf";

    /// <summary>Work item tracking.</summary>
    public const string WorkItemTracking = "5264459e-e5e0-4bd8-b118-0985e68a4ec5";

    /// <summary>Graph (users), on the <c>vssps</c> host in Azure DevOps Services.</summary>
    public const string Graph = "4e40f190-2e3f-4d9f-8331-c7788e833080";

    /// <summary>Search, on the <c>almsearch</c> host in Azure DevOps Services.</summary>
    public const string Search = "ea48a0a1-269c-42d8-b8ad-ddc8fcdcf578";
}
