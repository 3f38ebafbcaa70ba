namespace IssueSync.Sdk.Inbound;

/// <summary>What the inbound handler did with one delivery.</summary>
public enum VstsWebhookOutcome
{
    /// <summary>Changes were applied to the host's groups (or there was nothing to change for a verified, new revision).</summary>
    Applied,

    /// <summary>
    /// The event type is not one the host handles, inbound sync is off, or no field the sync follows
    /// changed (a title edit): answered 200 and ignored, no host store touched.
    /// </summary>
    Ignored,

    /// <summary>The same delivery was seen before: answered 200, nothing applied twice.</summary>
    Duplicate,

    /// <summary>The revision is not newer than the last one applied for the work item: answered 200 and ignored.</summary>
    Stale,

    /// <summary>The change is the SDK's own write coming back: answered 200 and ignored.</summary>
    Echo,

    /// <summary>The body is not an Azure DevOps webhook: 400.</summary>
    InvalidPayload,

    /// <summary>No installation is linked to the organization in the payload: 401.</summary>
    UnknownOrganization,

    /// <summary>The shared secret is missing or wrong: 401, no host store touched.</summary>
    Unauthorized,

    /// <summary>The body is larger than the limit: 413.</summary>
    PayloadTooLarge,

    /// <summary>A host store failed: 503 with <c>Retry-After</c>, so Azure DevOps delivers again.</summary>
    StoreUnavailable,
}
