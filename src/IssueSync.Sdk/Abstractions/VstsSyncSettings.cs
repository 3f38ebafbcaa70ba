namespace IssueSync.Sdk.Abstractions;

/// <summary>Which directions of sync an installation has switched on. All off by default.</summary>
public sealed record VstsSyncSettings
{
    /// <summary>Push the host's resolve / unresolve to the work item state.</summary>
    public bool StatusOutbound { get; init; }

    /// <summary>Apply work item state changes to the host's groups (resolve / unresolve).</summary>
    public bool StatusInbound { get; init; }

    /// <summary>Push the host's assignee to <c>System.AssignedTo</c> (matched by email).</summary>
    public bool AssigneeOutbound { get; init; }

    /// <summary>Apply <c>System.AssignedTo</c> changes to the host's groups.</summary>
    public bool AssigneeInbound { get; init; }

    /// <summary>Push the host's comments to the work item.</summary>
    public bool Comments { get; init; }
}
