namespace IssueSync.Sdk.Sync;

/// <summary>
/// One work item of one organization, as the in-memory state stores key it: an organization id that is
/// a GUID compares as a GUID (any format and case), any other id case-insensitively; no string is
/// allocated per lookup.
/// </summary>
internal readonly struct WorkItemKey : IEquatable<WorkItemKey>
{
    private readonly Guid _organizationGuid;
    private readonly string? _organizationId;
    private readonly int _workItemId;

    private WorkItemKey(Guid organizationGuid, string? organizationId, int workItemId)
    {
        _organizationGuid = organizationGuid;
        _organizationId = organizationId;
        _workItemId = workItemId;
    }

    // The last organization id parsed: one delivery or write keys several stores with the same string
    // instance, and most hosts serve one organization, so the parse runs about once per instance.
    private static ParsedOrganization? s_lastParsed;

    public static WorkItemKey Create(string organizationId, int workItemId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(organizationId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workItemId);
        var parsed = Volatile.Read(ref s_lastParsed);
        if (parsed is null || !ReferenceEquals(parsed.Id, organizationId))
        {
            parsed = new ParsedOrganization(organizationId, Guid.TryParse(organizationId, out var guid) ? guid : null);
            Volatile.Write(ref s_lastParsed, parsed);
        }

        return parsed.Guid is { } organizationGuid
            ? new WorkItemKey(organizationGuid, null, workItemId)
            : new WorkItemKey(default, organizationId, workItemId);
    }

    public bool Equals(WorkItemKey other) =>
        _workItemId == other._workItemId
        && _organizationGuid == other._organizationGuid
        && string.Equals(_organizationId, other._organizationId, StringComparison.OrdinalIgnoreCase);

    public override bool Equals(object? obj) => obj is WorkItemKey other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(
        _workItemId,
        _organizationGuid,
        _organizationId is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_organizationId));

    /// <summary>An organization id and its GUID, when it is one; immutable, so it is shared between threads whole.</summary>
    private sealed record ParsedOrganization(string Id, Guid? Guid);
}
