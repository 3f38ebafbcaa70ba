using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.Tests.Sync;

/// <summary>Ledger entries as the outbound side records them, for arranging tests.</summary>
internal static class OwnWriteFixtures
{
    public static OwnWrite Confirmed(string organizationId, int workItemId, int revision, string field, string? value = null) => new()
    {
        WriteId = Guid.NewGuid().ToString("N"),
        OrganizationId = organizationId,
        WorkItemId = workItemId,
        Fields = new Dictionary<string, string?>(StringComparer.Ordinal) { [field] = value },
        ExpectedRevision = revision,
        Revision = revision,
        RecordedAt = DateTimeOffset.UnixEpoch,
    };

    public static OwnWrite Pending(string organizationId, int workItemId, int? expectedRevision, string field, string? value, DateTimeOffset recordedAt) => new()
    {
        WriteId = Guid.NewGuid().ToString("N"),
        OrganizationId = organizationId,
        WorkItemId = workItemId,
        Fields = new Dictionary<string, string?>(StringComparer.Ordinal) { [field] = value },
        ExpectedRevision = expectedRevision,
        RecordedAt = recordedAt,
    };
}
