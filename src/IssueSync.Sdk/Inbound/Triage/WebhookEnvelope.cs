namespace IssueSync.Sdk.Inbound.Triage;

/// <summary>The service-hook event types the triage tells apart.</summary>
internal enum WebhookEventKind : byte
{
    /// <summary>Any other event type (answered 200 and ignored).</summary>
    Other,

    /// <summary><c>workitem.updated</c>: the resource is the update (changed fields only).</summary>
    WorkItemUpdated,

    /// <summary><c>workitem.created</c>: the resource is the new work item.</summary>
    WorkItemCreated,

    /// <summary><c>workitem.deleted</c>: the resource is the deleted work item.</summary>
    WorkItemDeleted,

    /// <summary><c>workitem.commented</c>: the resource is the work item, the comment in <c>System.History</c>.</summary>
    WorkItemCommented,
}

/// <summary>
/// One field of <c>resource.fields</c> or <c>resource.revision.fields</c>. In an update a field is an
/// <c>{oldValue, newValue}</c> pair (<c>oldValue</c> absent for a first value, <c>newValue</c> absent when
/// cleared); in a full work item it is the value itself.
/// </summary>
internal struct FieldValue
{
    /// <summary>The field's value token: the pair object in an update, the value in a work item.</summary>
    public JsonSlice Value;

    /// <summary>The pair's <c>oldValue</c>.</summary>
    public JsonSlice Old;

    /// <summary>The pair's <c>newValue</c>.</summary>
    public JsonSlice New;

    /// <summary>The value was an object with <c>oldValue</c> or <c>newValue</c>.</summary>
    public bool IsChange;

    /// <summary>Whether the field was in the payload.</summary>
    public readonly bool IsPresent => Value.IsPresent;

    /// <summary>The new value of a change, or the value of a plain field.</summary>
    public readonly JsonSlice Current => IsChange ? New : Value;
}

/// <summary>The fields of a payload the sync reads; every other field is skipped.</summary>
internal struct TrackedFields
{
    public FieldValue AssignedTo;
    public FieldValue State;
    public FieldValue WorkItemType;
    public FieldValue TeamProject;
    public FieldValue Rev;
    public FieldValue History;
    public FieldValue ChangedBy;
    public FieldValue ChangedDate;
}

/// <summary>
/// What the triage pass found in a webhook body: positions and numbers only, no strings, so reading it
/// allocates nothing. Values are read from the same body through the slices' methods.
/// </summary>
internal struct WebhookEnvelope
{
    public WebhookEventKind Kind;
    public JsonSlice EventType;
    public JsonSlice SubscriptionId;
    public JsonSlice NotificationId;
    public JsonSlice EventId;
    public JsonSlice CollectionId;
    public JsonSlice ProjectId;

    /// <summary><c>resource.id</c>: the update number in an update, the work item id otherwise.</summary>
    public JsonSlice ResourceId;
    public JsonSlice ResourceWorkItemId;
    public JsonSlice ResourceRev;
    public JsonSlice RevisedById;
    public JsonSlice CommentId;

    /// <summary><c>resource.fields</c>.</summary>
    public TrackedFields Fields;

    /// <summary><c>resource.revision.id</c> and <c>.rev</c> (updates only).</summary>
    public JsonSlice RevisionId;
    public JsonSlice RevisionRev;

    /// <summary><c>resource.revision.fields</c> (updates only): the whole item at the new revision.</summary>
    public TrackedFields RevisionFields;
}
