namespace IssueSync.Sdk.Inbound;

/// <summary>The answer to one webhook delivery: the HTTP status to send and what happened.</summary>
public sealed record VstsWebhookResult
{
    /// <summary>The HTTP status code to answer with (200, 400, 401, 413 or 503).</summary>
    public required int StatusCode { get; init; }

    /// <summary>What the handler did.</summary>
    public required VstsWebhookOutcome Outcome { get; init; }

    /// <summary>A short reason for logs and the response body; never a secret or a payload value.</summary>
    public required string Reason { get; init; }

    /// <summary>For a 503: how long Azure DevOps should wait before delivering again.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The delivery's event type (e.g. <c>workitem.updated</c>), when the body could be read.</summary>
    public string? EventType { get; init; }

    /// <summary>The work item the delivery is about, when it names one.</summary>
    public int? WorkItemId { get; init; }

    /// <summary>The work item revision the delivery carries, when it names one.</summary>
    public int? Revision { get; init; }

    /// <summary>The host groups whose state or assignee changed (for a 503, those changed before the failure).</summary>
    public IReadOnlyList<string> ChangedGroupIds { get; init; } = [];
}
