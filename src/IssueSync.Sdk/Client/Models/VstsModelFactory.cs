using System.Text.Json;

namespace IssueSync.Sdk.Client.Models;

/// <summary>
/// Builds the SDK's read-only models, so hosts can fake Azure DevOps answers in their own tests
/// (models have no public constructors).
/// </summary>
public static partial class VstsModelFactory
{
    /// <summary>A work item.</summary>
    /// <param name="id">The work item number.</param>
    /// <param name="revision">The revision.</param>
    /// <param name="fields">Fields by reference name; strings, numbers, booleans, <see cref="JsonElement"/> or null.</param>
    /// <param name="relations">Relations.</param>
    /// <param name="url">The REST URL.</param>
    /// <returns>The work item.</returns>
    public static WorkItem WorkItem(
        int id,
        int revision = 1,
        IReadOnlyDictionary<string, object?>? fields = null,
        IReadOnlyList<WorkItemRelation>? relations = null,
        string? url = null) => new()
        {
            Id = id,
            Revision = revision,
            Fields = fields is null ? VstsModelDefaults.EmptyElements : fields.ToDictionary(static f => f.Key, static f => ToElement(f.Value), StringComparer.Ordinal),
            Relations = relations ?? [],
            Url = url,
        };

    /// <summary>A work item relation.</summary>
    /// <param name="rel">The relation type.</param>
    /// <param name="url">The target.</param>
    /// <param name="comment">The link comment.</param>
    /// <returns>The relation.</returns>
    public static WorkItemRelation WorkItemRelation(WorkItemRelationType rel, string url, string? comment = null) => new()
    {
        Rel = rel,
        Url = url,
        Attributes = comment is null
            ? VstsModelDefaults.EmptyElements
            : new Dictionary<string, JsonElement>(StringComparer.Ordinal) { ["comment"] = ToElement(comment) },
    };

    /// <summary>A WIQL result.</summary>
    /// <param name="ids">The matching work item numbers.</param>
    /// <returns>The result.</returns>
    public static WiqlResult WiqlResult(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return new() { QueryType = "flat", WorkItems = ids.Select(static id => new WorkItemReference { Id = id }).ToList() };
    }

    /// <summary>A project.</summary>
    /// <param name="id">The project id.</param>
    /// <param name="name">The project name.</param>
    /// <param name="state">The state.</param>
    /// <param name="description">The description.</param>
    /// <returns>The project.</returns>
    public static TeamProject TeamProject(string id, string name, string? state = "wellFormed", string? description = null) =>
        new() { Id = id, Name = name, State = state, Description = description };

    /// <summary>Connection data for an authenticated identity.</summary>
    /// <param name="authenticatedUserId">The identity id.</param>
    /// <param name="instanceId">The organization instance id.</param>
    /// <returns>The connection data.</returns>
    public static ConnectionData ConnectionData(string authenticatedUserId, string? instanceId = null) => new()
    {
        AuthenticatedUser = new ConnectionIdentity { Id = authenticatedUserId, IsActive = true },
        InstanceId = instanceId,
    };

    /// <summary>A state of a work item type.</summary>
    /// <param name="name">The state name.</param>
    /// <param name="category">The state category.</param>
    /// <param name="color">The board color (hex without <c>#</c>).</param>
    /// <returns>The state.</returns>
    public static WorkItemTypeState WorkItemTypeState(WorkItemState name, WorkItemStateCategory category, string? color = null) =>
        new() { Name = name, Category = category, Color = color };

    /// <summary>A work item type as a category lists it.</summary>
    /// <param name="name">The type name.</param>
    /// <param name="url">The REST URL, ending with the reference name (what <see cref="Models.WorkItemTypeReference.ReferenceName"/> reads).</param>
    /// <returns>The type reference.</returns>
    public static WorkItemTypeReference WorkItemTypeReference(WorkItemTypeName name, string? url = null) =>
        new() { Name = name, Url = url };

    /// <summary>A work item type category.</summary>
    /// <param name="name">The display name, e.g. <c>Bug Category</c>.</param>
    /// <param name="referenceName">The reference name, e.g. <c>Microsoft.BugCategory</c>.</param>
    /// <param name="workItemTypes">The types in the category.</param>
    /// <param name="defaultWorkItemType">The default type.</param>
    /// <returns>The category.</returns>
    public static WorkItemTypeCategory WorkItemTypeCategory(
        string name,
        string referenceName,
        IReadOnlyList<WorkItemTypeReference>? workItemTypes = null,
        WorkItemTypeReference? defaultWorkItemType = null) => new()
        {
            Name = name,
            ReferenceName = referenceName,
            WorkItemTypes = workItemTypes ?? [],
            DefaultWorkItemType = defaultWorkItemType,
        };

    /// <summary>A Graph user.</summary>
    /// <param name="descriptor">The subject descriptor.</param>
    /// <param name="displayName">The display name.</param>
    /// <param name="mailAddress">The email address; empty for service identities.</param>
    /// <param name="principalName">The sign-in name.</param>
    /// <param name="origin">The origin, e.g. <c>aad</c>.</param>
    /// <param name="originId">The id in the origin.</param>
    /// <param name="subjectKind">The subject kind.</param>
    /// <param name="domain">The domain.</param>
    /// <param name="url">The REST URL.</param>
    /// <returns>The user.</returns>
    public static GraphUser GraphUser(
        string descriptor,
        string? displayName = null,
        string? mailAddress = null,
        string? principalName = null,
        string? origin = null,
        string? originId = null,
        string? subjectKind = "user",
        string? domain = null,
        string? url = null) => new()
        {
            Descriptor = descriptor,
            DisplayName = displayName,
            MailAddress = mailAddress,
            PrincipalName = principalName,
            Origin = origin,
            OriginId = originId,
            SubjectKind = subjectKind,
            Domain = domain,
            Url = url,
        };

    /// <summary>A work item search hit.</summary>
    /// <param name="fields">Field values by reference name, e.g. <c>system.id</c>, <c>system.title</c> (looked up ignoring case).</param>
    /// <param name="project">The project of the work item.</param>
    /// <returns>The hit.</returns>
    public static WorkItemSearchHit WorkItemSearchHit(IReadOnlyDictionary<string, string> fields, TeamProject? project = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return new() { Fields = fields, Project = project };
    }

    /// <summary>The results of a work item search.</summary>
    /// <param name="results">The hits.</param>
    /// <param name="count">The total match count; the number of hits when <see langword="null"/>.</param>
    /// <returns>The results.</returns>
    public static WorkItemSearchResults WorkItemSearchResults(IReadOnlyList<WorkItemSearchHit> results, int? count = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        return new() { Results = results, Count = count ?? results.Count };
    }

    /// <summary>A work item comment.</summary>
    /// <param name="id">The comment id.</param>
    /// <param name="workItemId">The work item number.</param>
    /// <param name="text">The text.</param>
    /// <param name="version">The version (1 until edited).</param>
    /// <param name="format">The text format.</param>
    /// <param name="createdBy">Who added it.</param>
    /// <param name="createdDate">When it was added.</param>
    /// <param name="modifiedBy">Who last edited it.</param>
    /// <param name="modifiedDate">When it was last edited.</param>
    /// <param name="isDeleted">Whether it was deleted.</param>
    /// <param name="renderedText">The rendered HTML.</param>
    /// <param name="url">The REST URL.</param>
    /// <returns>The comment.</returns>
    public static WorkItemComment WorkItemComment(
        int id,
        int workItemId,
        string text,
        int version = 1,
        CommentFormat? format = CommentFormat.Html,
        VstsIdentity? createdBy = null,
        DateTimeOffset createdDate = default,
        VstsIdentity? modifiedBy = null,
        DateTimeOffset? modifiedDate = null,
        bool isDeleted = false,
        string? renderedText = null,
        string? url = null) => new()
        {
            Id = id,
            WorkItemId = workItemId,
            Text = text,
            Version = version,
            Format = format,
            CreatedBy = createdBy,
            CreatedDate = createdDate,
            ModifiedBy = modifiedBy,
            ModifiedDate = modifiedDate,
            IsDeleted = isDeleted,
            RenderedText = renderedText,
            Url = url,
        };

    /// <summary>A service-hook subscription; the defaults describe an enabled <c>workitem.updated</c> web hook.</summary>
    /// <param name="id">The subscription id.</param>
    /// <param name="status">The status; <see cref="SubscriptionStatus.Enabled"/> when <see langword="null"/>.</param>
    /// <param name="eventType">The event.</param>
    /// <param name="publisherInputs">The publisher inputs.</param>
    /// <param name="consumerInputs">The consumer inputs.</param>
    /// <param name="publisherId">The publisher.</param>
    /// <param name="resourceVersion">The payload version.</param>
    /// <param name="consumerId">The consumer.</param>
    /// <param name="consumerActionId">The consumer action.</param>
    /// <param name="probationRetries">The probation retries so far.</param>
    /// <param name="createdDate">When it was created.</param>
    /// <param name="modifiedDate">When it last changed.</param>
    /// <param name="url">The REST URL.</param>
    /// <returns>The subscription.</returns>
    public static ServiceHookSubscription ServiceHookSubscription(
        string id,
        SubscriptionStatus? status = null,
        string eventType = "workitem.updated",
        IReadOnlyDictionary<string, string>? publisherInputs = null,
        IReadOnlyDictionary<string, string>? consumerInputs = null,
        string publisherId = "tfs",
        string resourceVersion = "1.0",
        string consumerId = "webHooks",
        string consumerActionId = "httpRequest",
        int probationRetries = 0,
        DateTimeOffset? createdDate = null,
        DateTimeOffset? modifiedDate = null,
        string? url = null) => new()
        {
            Id = id,
            Status = status ?? SubscriptionStatus.Enabled,
            EventType = eventType,
            PublisherInputs = publisherInputs ?? ServiceHookInputs.Empty,
            ConsumerInputs = consumerInputs ?? ServiceHookInputs.Empty,
            PublisherId = publisherId,
            ResourceVersion = resourceVersion,
            ConsumerId = consumerId,
            ConsumerActionId = consumerActionId,
            ProbationRetries = probationRetries,
            CreatedDate = createdDate,
            ModifiedDate = modifiedDate,
            Url = url,
        };

    /// <summary>A batch of the reporting revisions feed.</summary>
    /// <param name="revisions">The revisions, oldest first.</param>
    /// <param name="continuationToken">The watermark after the batch.</param>
    /// <param name="isLastBatch">Whether every revision available was read.</param>
    /// <returns>The batch.</returns>
    public static ReportingRevisionsPage ReportingRevisionsPage(IReadOnlyList<WorkItem> revisions, string? continuationToken, bool isLastBatch) =>
        new(revisions ?? throw new ArgumentNullException(nameof(revisions)), continuationToken, isLastBatch);

    private static JsonElement ToElement(object? value) => value switch
    {
        JsonElement element => element.Clone(),
        null => JsonSerializer.SerializeToElement((string?)null, VstsJsonContext.Default.String),
        string s => JsonSerializer.SerializeToElement(s, VstsJsonContext.Default.String),
        int i => JsonSerializer.SerializeToElement(i, VstsJsonContext.Default.Int32),
        long l => JsonSerializer.SerializeToElement(l, VstsJsonContext.Default.Int64),
        double d => JsonSerializer.SerializeToElement(d, VstsJsonContext.Default.Double),
        bool b => JsonSerializer.SerializeToElement(b, VstsJsonContext.Default.Boolean),
        _ => throw new ArgumentException($"Field values must be string, number, bool, JsonElement or null (got {value.GetType().Name}).", nameof(value)),
    };
}
