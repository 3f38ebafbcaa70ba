using System.Text.Json.Nodes;

namespace IssueSync.Sdk.Testing.Emulator;

/// <summary>One JSON-Patch operation of a work item create or update.</summary>
internal sealed record PatchOperation(string Op, string Path, JsonNode? Value, bool HasValue);

/// <summary>A relation as stored: type, target and attributes (e.g. <c>comment</c>).</summary>
internal sealed record RelationRecord(string Rel, string Url, JsonObject Attributes)
{
    public string? Comment => EmulatorJson.String(Attributes, "comment");

    public bool SameLink(RelationRecord other) =>
        string.Equals(Rel, other.Rel, StringComparison.OrdinalIgnoreCase) && string.Equals(Url, other.Url, StringComparison.OrdinalIgnoreCase);
}

/// <summary>One field change of a revision: no old value for a first value, no new value for a cleared one.</summary>
internal sealed record FieldChange(JsonNode? OldValue, bool HadOld, JsonNode? NewValue, bool HasNew);

/// <summary>The comment version a revision made (<c>commentVersionRef</c>): the comment id and its version then.</summary>
internal sealed record CommentVersionRecord(int CommentId, int Version);

/// <summary>
/// One revision of a work item: the full fields at that revision, what changed to produce it, and
/// the comment version it added when a comment made it. Immutable once stored.
/// </summary>
internal sealed record RevisionRecord(
    int Rev,
    IReadOnlyDictionary<string, JsonNode?> Fields,
    IReadOnlyList<RelationRecord> Relations,
    IReadOnlyDictionary<string, FieldChange> Changes,
    IReadOnlyList<RelationRecord> RelationsAdded,
    IReadOnlyList<RelationRecord> RelationsRemoved,
    DateTimeOffset ChangedDate,
    EmulatedUser ChangedBy,
    CommentVersionRecord? CommentVersion = null);

/// <summary>A work item: its project and type (both change when it is moved or its type changed), every revision, and whether it is in the recycle bin.</summary>
internal sealed class WorkItemRecord(int id, EmulatedProject project, WorkItemTypeDefinition type)
{
    public int Id { get; } = id;

    public EmulatedProject Project { get; set; } = project;

    public WorkItemTypeDefinition Type { get; set; } = type;

    public List<RevisionRecord> Revisions { get; } = [];

    public RevisionRecord Current => Revisions[^1];

    public bool IsDeleted { get; set; }

    public Dictionary<string, string> MultilineFormats { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// One entry of the organization's reporting revisions feed, in the order the changes were made: a revision
/// stored, or the deletion of the item (then <paramref name="Revision"/> is the item's last revision).
/// </summary>
/// <param name="Sequence">The position in the feed, from 1: the continuation token after this entry.</param>
/// <param name="Item">The work item.</param>
/// <param name="Revision">The revision.</param>
/// <param name="Deleted">Whether this entry is the item's deletion.</param>
/// <param name="Date">When the change was made.</param>
internal sealed record ReportingEntry(long Sequence, WorkItemRecord Item, RevisionRecord Revision, bool Deleted, DateTimeOffset Date);

/// <summary>A comment as stored.</summary>
internal sealed class CommentRecord
{
    public required int Id { get; init; }

    public required int WorkItemId { get; init; }

    public required EmulatedUser CreatedBy { get; init; }

    public required DateTimeOffset CreatedDate { get; init; }

    public int Version { get; set; } = 1;

    public required string Text { get; set; }

    public required string Format { get; set; }

    public required EmulatedUser ModifiedBy { get; set; }

    public required DateTimeOffset ModifiedDate { get; set; }

    public bool IsDeleted { get; set; }

    public EmulatedComment ToPublic() => new(Id, WorkItemId, Version, Text, Format, CreatedBy, IsDeleted);
}

/// <summary>A service-hook subscription as stored.</summary>
internal sealed class SubscriptionRecord
{
    private string _status = "enabled";

    public required string Id { get; init; }

    /// <summary>Creation order: listings and deliveries follow it.</summary>
    public required long Sequence { get; init; }

    public required string PublisherId { get; set; }

    public required string EventType { get; set; }

    public required string ResourceVersion { get; set; }

    public required string ConsumerId { get; set; }

    public required string ConsumerActionId { get; set; }

    public required Dictionary<string, string> PublisherInputs { get; set; }

    public required Dictionary<string, string> ConsumerInputs { get; set; }

    /// <summary>
    /// The status; a change counts in <see cref="StatusVersion"/>, and back to <c>enabled</c> (a probation
    /// retry that succeeded, a user) clears <see cref="ProbationRetries"/>.
    /// </summary>
    public required string Status
    {
        get => _status;
        set
        {
            if (!string.Equals(_status, value, StringComparison.Ordinal))
            {
                _status = value;
                StatusVersion++;
                if (value == "enabled")
                {
                    ProbationRetries = 0;
                }
            }
        }
    }

    /// <summary>How many times the status changed: a retry scheduled under an earlier version is out of date.</summary>
    public int StatusVersion { get; private set; }

    /// <summary>The probation retries made since the subscription last went on probation.</summary>
    public int ProbationRetries { get; set; }

    public DateTimeOffset? LastProbationRetryDate { get; set; }

    public required EmulatedUser CreatedBy { get; init; }

    public required DateTimeOffset CreatedDate { get; init; }

    public required EmulatedUser ModifiedBy { get; set; }

    public required DateTimeOffset ModifiedDate { get; set; }

    public int LastNotificationId { get; set; }

    public bool IsDeliverable => Status is "enabled" or "onProbation";

    public EmulatedSubscription ToPublic() =>
        new(Id, EventType, Status, ConsumerInputs.GetValueOrDefault("url"), new Dictionary<string, string>(PublisherInputs, StringComparer.OrdinalIgnoreCase))
        {
            ProbationRetries = ProbationRetries,
            LastProbationRetryDate = LastProbationRetryDate,
        };
}

/// <summary>A webhook ready to post: built under the organization's lock, sent in the background.</summary>
internal sealed record PendingDelivery(
    string SubscriptionId,
    int NotificationId,
    string EventType,
    int WorkItemId,
    int Revision,
    string Url,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string Payload);

/// <summary>What follows a post, by Azure DevOps' delivery rules.</summary>
internal enum DeliveryStep
{
    /// <summary>The receiver got it (2xx): nothing more.</summary>
    Delivered,

    /// <summary>A transient failure with retries left: retry on the retry schedule.</summary>
    Retry,

    /// <summary>The subscription is on probation because of this event: probation retry on the probation schedule.</summary>
    ProbationRetry,

    /// <summary>No more posts of this event: it is lost.</summary>
    Abandoned,
}

/// <summary>The step after a post, the subscription's status version to schedule it under, and the probation retries made.</summary>
internal sealed record DeliveryVerdict(DeliveryStep Step, int Version, int ProbationRetries);
