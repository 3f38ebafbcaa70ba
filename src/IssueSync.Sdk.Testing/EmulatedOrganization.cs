using System.Text.Json.Nodes;
using IssueSync.Sdk.Testing.Emulator;

namespace IssueSync.Sdk.Testing;

/// <summary>
/// The in-memory Azure DevOps organization a <see cref="VstsEmulator"/> serves. Besides what the REST
/// endpoints do, tests seed it and act as a person editing in Azure DevOps (<see cref="SetState"/>,
/// <see cref="Assign"/>, <see cref="UpdateFields"/>, <see cref="AddComment"/>, <see cref="DeleteWorkItem(int, bool)"/>):
/// those changes make revisions and fire webhooks exactly like changes made over REST. Thread-safe.
/// </summary>
public sealed partial class EmulatedOrganization
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly List<EmulatedProject> _projects = [];
    private readonly List<EmulatedUser> _users = [];
    private readonly Dictionary<int, WorkItemRecord> _workItems = [];
    private readonly List<ReportingEntry> _reportingFeed = [];
    private readonly Dictionary<int, List<CommentRecord>> _comments = [];
    private readonly Dictionary<string, SubscriptionRecord> _subscriptions = new(StringComparer.OrdinalIgnoreCase);
    private int _lastWorkItemId;
    private int _lastCommentId;
    private long _lastSubscriptionSequence;
    private long _watermark;
    private DateTimeOffset _lastChange;

    internal EmulatedOrganization(VstsEmulatorOptions options, Uri url, TimeProvider time)
    {
        _time = time;
        Name = options.OrganizationName;
        Id = options.OrganizationId.ToString("D");
        Url = url;
        AuthenticatedUser = AddUser(options.AuthenticatedUserDisplayName, options.AuthenticatedUserMailAddress);
        AddUser("Ada Lovelace", "ada@example.com");
        AddUser("Grace Hopper", "grace@example.com");
        // Service identities have no mail address (reference fixture GET_USERS_RESPONSE).
        AddUserCore("Project Collection Build Service (" + Name + ")", string.Empty, "Build\\" + Id, "svc");
        for (var i = 1; i <= options.AdditionalUsers; i++)
        {
            AddUser($"User {i}", $"user{i}@example.com");
        }

        for (var i = 1; i <= options.ProjectCount; i++)
        {
            AddProject($"Project {i}", $"Emulated project {i}");
        }
    }

    /// <summary>The organization (collection) id: <c>resourceContainers.collection.id</c> in webhooks.</summary>
    public string Id { get; }

    /// <summary>The organization name (the first path segment of <see cref="Url"/>).</summary>
    public string Name { get; }

    /// <summary>The organization URL, with a trailing slash.</summary>
    public Uri Url { get; }

    /// <summary>The user the emulator's personal access token belongs to: REST changes are made as this user.</summary>
    public EmulatedUser AuthenticatedUser { get; }

    /// <summary>The projects, in creation order.</summary>
    public IReadOnlyList<EmulatedProject> Projects
    {
        get
        {
            lock (_gate)
            {
                return [.. _projects];
            }
        }
    }

    /// <summary>The users (Graph), in creation order: the authenticated user, Ada, Grace, a build service identity, then any others.</summary>
    public IReadOnlyList<EmulatedUser> Users
    {
        get
        {
            lock (_gate)
            {
                return [.. _users];
            }
        }
    }

    /// <summary>The service-hook subscriptions.</summary>
    public IReadOnlyList<EmulatedSubscription> Subscriptions
    {
        get
        {
            lock (_gate)
            {
                return [.. _subscriptions.Values.OrderBy(s => s.Sequence).Select(s => s.ToPublic())];
            }
        }
    }

    /// <summary>Receives each webhook to post; set by the emulator.</summary>
    internal Action<PendingDelivery>? DeliverySink { get; set; }

    /// <summary>Adds a project with the Agile process, and its seeded areas and iterations (see <see cref="AddProject(string, VstsEmulatedProcess, string?)"/>).</summary>
    /// <param name="name">The name (unique, ignoring case).</param>
    /// <param name="description">The description.</param>
    /// <returns>The project.</returns>
    public EmulatedProject AddProject(string name, string? description = null) =>
        AddProject(name, VstsEmulatedProcess.Agile, description);

    /// <summary>Adds a person to the organization (Graph user, assignable).</summary>
    /// <param name="displayName">The display name.</param>
    /// <param name="mailAddress">The email, also the principal name.</param>
    /// <returns>The user.</returns>
    public EmulatedUser AddUser(string displayName, string mailAddress)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        ArgumentException.ThrowIfNullOrWhiteSpace(mailAddress);
        return AddUserCore(displayName, mailAddress, mailAddress, "aad");
    }

    /// <summary>Finds a user by email or principal name, ignoring case.</summary>
    /// <param name="emailOrPrincipalName">The email or principal name.</param>
    /// <returns>The user, or <see langword="null"/>.</returns>
    public EmulatedUser? FindUser(string emailOrPrincipalName)
    {
        lock (_gate)
        {
            return _users.Find(u => MatchesName(u, emailOrPrincipalName));
        }
    }

    /// <summary>Adds a work item as a person would in the web UI (fires <c>workitem.created</c>).</summary>
    /// <param name="project">The project name or id.</param>
    /// <param name="workItemType">The type name (<c>Bug</c>) or reference name.</param>
    /// <param name="title">The title.</param>
    /// <param name="fields">More fields by reference name (<c>System.State</c>, <c>System.Tags</c>, <c>System.AssignedTo</c> as an email, …).</param>
    /// <param name="by">Who creates it; the authenticated user when omitted.</param>
    /// <returns>The new work item.</returns>
    /// <exception cref="InvalidOperationException">Azure DevOps would refuse the work item (unknown project, type, state or identity).</exception>
    public EmulatedWorkItem AddWorkItem(string project, string workItemType, string title, IReadOnlyDictionary<string, object?>? fields = null, EmulatedUser? by = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(project);
        ArgumentException.ThrowIfNullOrWhiteSpace(workItemType);
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        var operations = new List<PatchOperation> { new("add", "/fields/System.Title", JsonValue.Create(title), true) };
        operations.AddRange(FieldOperations(fields, "add"));
        return AsTestAction(() => Snapshot(CreateWorkItem(project, workItemType, operations, by ?? AuthenticatedUser, WriteFlags.None).Item));
    }

    /// <summary>The work item as it is now (also when deleted), or <see langword="null"/> when it never existed or was destroyed.</summary>
    /// <param name="id">The work item number.</param>
    /// <returns>The snapshot.</returns>
    public EmulatedWorkItem? GetWorkItem(int id)
    {
        lock (_gate)
        {
            return _workItems.TryGetValue(id, out var record) ? Snapshot(record) : null;
        }
    }

    /// <summary>Changes a work item's state as a person would (new revision, <c>workitem.updated</c> fires).</summary>
    /// <param name="id">The work item number.</param>
    /// <param name="state">A state of the item's type, e.g. <c>Resolved</c>.</param>
    /// <param name="by">Who changes it; the authenticated user when omitted.</param>
    /// <returns>The work item after the change.</returns>
    /// <exception cref="InvalidOperationException">The item does not exist or the state is not one of its type's.</exception>
    public EmulatedWorkItem SetState(int id, string state, EmulatedUser? by = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(state);
        return UpdateFields(id, new Dictionary<string, object?> { ["System.State"] = state }, by);
    }

    /// <summary>Assigns a work item as a person would; <see langword="null"/> unassigns.</summary>
    /// <param name="id">The work item number.</param>
    /// <param name="assignee">The new assignee, or <see langword="null"/>.</param>
    /// <param name="by">Who changes it; the authenticated user when omitted.</param>
    /// <returns>The work item after the change.</returns>
    public EmulatedWorkItem Assign(int id, EmulatedUser? assignee, EmulatedUser? by = null) =>
        UpdateFields(id, new Dictionary<string, object?> { ["System.AssignedTo"] = assignee?.UniqueName }, by);

    /// <summary>Changes fields as a person would: a <see langword="null"/> value removes the field.</summary>
    /// <param name="id">The work item number.</param>
    /// <param name="fields">The fields by reference name.</param>
    /// <param name="by">Who changes it; the authenticated user when omitted.</param>
    /// <returns>The work item after the change.</returns>
    /// <exception cref="InvalidOperationException">Azure DevOps would refuse the change.</exception>
    public EmulatedWorkItem UpdateFields(int id, IReadOnlyDictionary<string, object?> fields, EmulatedUser? by = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var operations = FieldOperations(fields, "replace").ToList();
        return AsTestAction(() => Snapshot(UpdateWorkItem(id, projectScope: null, operations, by ?? AuthenticatedUser, WriteFlags.None).Item));
    }

    /// <summary>
    /// Moves a work item to another project as a person would (Move to team project): area and iteration go to
    /// the project's root, a new revision is stored and <c>workitem.updated</c> fires. Project-scoped reads of
    /// the old project no longer find it; the organization's reporting revisions feed still does.
    /// </summary>
    /// <param name="id">The work item number.</param>
    /// <param name="project">The target project's name or id.</param>
    /// <param name="by">Who moves it; the authenticated user when omitted.</param>
    /// <returns>The work item after the move.</returns>
    /// <exception cref="InvalidOperationException">The item or the project does not exist.</exception>
    public EmulatedWorkItem MoveWorkItem(int id, string project, EmulatedUser? by = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(project);
        return AsTestAction(() => Snapshot(MoveOrRetype(id, project, null, by ?? AuthenticatedUser).Item));
    }

    /// <summary>
    /// Changes a work item's type as a person would (Change type): the state stays when the new type has it,
    /// else it becomes the new type's first state; a new revision is stored and <c>workitem.updated</c> fires.
    /// </summary>
    /// <param name="id">The work item number.</param>
    /// <param name="workItemType">The new type name, e.g. <c>Task</c>.</param>
    /// <param name="by">Who changes it; the authenticated user when omitted.</param>
    /// <returns>The work item after the change.</returns>
    /// <exception cref="InvalidOperationException">The item or the type does not exist.</exception>
    public EmulatedWorkItem ChangeWorkItemType(int id, string workItemType, EmulatedUser? by = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workItemType);
        return AsTestAction(() => Snapshot(MoveOrRetype(id, null, workItemType, by ?? AuthenticatedUser).Item));
    }

    /// <summary>Adds a comment as a person would through the web UI (Comments API: a revision, <c>workitem.updated</c> and <c>workitem.commented</c>).</summary>
    /// <param name="workItemId">The work item.</param>
    /// <param name="text">The text.</param>
    /// <param name="by">Who writes it; the authenticated user when omitted.</param>
    /// <returns>The comment.</returns>
    public EmulatedComment AddComment(int workItemId, string text, EmulatedUser? by = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        return AsTestAction(() => AddCommentCore(workItemId, projectScope: null, text, "html", by ?? AuthenticatedUser).ToPublic());
    }

    /// <summary>
    /// Deletes a work item as a person would in the web UI: it moves to the recycle bin (REST reads then
    /// answer 404 <c>TF401232</c>) and <c>workitem.deleted</c> fires; <paramref name="destroy"/> removes it for good.
    /// </summary>
    /// <param name="id">The work item number.</param>
    /// <param name="destroy">Whether to destroy it instead of moving it to the recycle bin.</param>
    /// <returns>The work item as deleted (<see cref="EmulatedWorkItem.IsDeleted"/>).</returns>
    /// <exception cref="InvalidOperationException">The item does not exist or is in the recycle bin already.</exception>
    public EmulatedWorkItem DeleteWorkItem(int id, bool destroy = false) =>
        AsTestAction(() => Snapshot(DeleteWorkItem(id, projectScope: null, destroy)));

    /// <summary>
    /// Restores a work item from the recycle bin as a person would in the web UI: REST reads find it again and the
    /// recycle bin no longer holds it. No event fires and the reporting feed keeps the deletion it showed.
    /// </summary>
    /// <param name="id">The work item number.</param>
    /// <returns>The work item as restored.</returns>
    /// <exception cref="InvalidOperationException">The item is not in the recycle bin.</exception>
    public EmulatedWorkItem RestoreWorkItem(int id) =>
        AsTestAction(() => Snapshot(RestoreFromRecycleBin(id)));

    /// <summary>Every comment of a work item, including deleted ones, oldest first.</summary>
    /// <param name="workItemId">The work item.</param>
    /// <returns>The comments.</returns>
    public IReadOnlyList<EmulatedComment> GetComments(int workItemId)
    {
        lock (_gate)
        {
            return _comments.TryGetValue(workItemId, out var list) ? [.. list.Select(c => c.ToPublic())] : [];
        }
    }

    /// <summary>Sets a subscription's status, e.g. <c>disabledBySystem</c> as after repeated delivery failures.</summary>
    /// <param name="subscriptionId">The subscription id.</param>
    /// <param name="status"><c>enabled</c>, <c>onProbation</c>, <c>disabledByUser</c>, <c>disabledBySystem</c> or <c>disabledByInactiveIdentity</c>.</param>
    public void SetSubscriptionStatus(string subscriptionId, string status)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriptionId);
        var normalized = NormalizeSubscriptionStatus(status)
            ?? throw new ArgumentException($"'{status}' is not a subscription status.", nameof(status));
        lock (_gate)
        {
            var subscription = _subscriptions.GetValueOrDefault(subscriptionId)
                ?? throw new InvalidOperationException($"Subscription '{subscriptionId}' does not exist.");
            subscription.Status = normalized;
            subscription.ModifiedDate = _time.GetUtcNow();
        }
    }

    internal EmulatedProject FindProject(string idOrName)
    {
        lock (_gate)
        {
            return FindProjectLocked(idOrName);
        }
    }

    internal EmulatedUser? FindUserById(string id)
    {
        lock (_gate)
        {
            return _users.Find(u => string.Equals(u.Id, id, StringComparison.OrdinalIgnoreCase));
        }
    }

    private static T AsTestAction<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (EmulatorError ex)
        {
            // A test's seeding step Azure DevOps would refuse: say why, as the service would.
            throw new InvalidOperationException($"Azure DevOps would answer {ex.StatusCode}: {ex.Message}", ex);
        }
    }

    private static IEnumerable<PatchOperation> FieldOperations(IReadOnlyDictionary<string, object?>? fields, string op)
    {
        if (fields is null)
        {
            yield break;
        }

        foreach (var (name, value) in fields)
        {
            yield return value is null
                ? new PatchOperation("remove", "/fields/" + name, null, false)
                : new PatchOperation(op, "/fields/" + name, EmulatorJson.From(value), true);
        }
    }

    private EmulatedUser AddUserCore(string displayName, string mailAddress, string principalName, string descriptorPrefix)
    {
        var id = Guid.NewGuid();
        var descriptor = descriptorPrefix + "." + Convert.ToBase64String(id.ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var user = new EmulatedUser(id.ToString("D"), descriptor, displayName, mailAddress, principalName);
        lock (_gate)
        {
            _users.Add(user);
        }

        return user;
    }

    private static bool MatchesName(EmulatedUser user, string name) =>
        (user.MailAddress.Length > 0 && string.Equals(user.MailAddress, name, StringComparison.OrdinalIgnoreCase))
        || string.Equals(user.PrincipalName, name, StringComparison.OrdinalIgnoreCase);

    private EmulatedProject FindProjectLocked(string idOrName) =>
        _projects.Find(p => string.Equals(p.Id, idOrName, StringComparison.OrdinalIgnoreCase) || string.Equals(p.Name, idOrName, StringComparison.OrdinalIgnoreCase))
        ?? throw EmulatorError.ProjectNotFound(idOrName);

    /// <summary>
    /// Now, strictly after the previous change: Azure DevOps requires increasing revision dates (VS402625).
    /// Whole milliseconds, as the dates are shown, so <c>asOf</c> with a date read from a revision reads that revision.
    /// </summary>
    private DateTimeOffset NextChangeDate()
    {
        var utcTicks = _time.GetUtcNow().UtcTicks;
        var now = new DateTimeOffset(utcTicks - (utcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        if (now <= _lastChange)
        {
            now = _lastChange.AddMilliseconds(1);
        }

        _lastChange = now;
        return now;
    }

    private static EmulatedWorkItem Snapshot(WorkItemRecord record)
    {
        var fields = record.Current.Fields.ToDictionary(f => f.Key, f => EmulatorJson.ToElement(f.Value), StringComparer.OrdinalIgnoreCase);
        var relations = record.Current.Relations.Select(r => new EmulatedRelation(r.Rel, r.Url, r.Comment)).ToList();
        return new EmulatedWorkItem(record.Id, record.Current.Rev, record.Project.Id, fields, relations, record.IsDeleted);
    }

    internal static string? NormalizeSubscriptionStatus(string? status) => status?.Trim().ToUpperInvariant() switch
    {
        "ENABLED" => "enabled",
        "ONPROBATION" => "onProbation",
        "DISABLEDBYUSER" => "disabledByUser",
        "DISABLEDBYSYSTEM" => "disabledBySystem",
        "DISABLEDBYINACTIVEIDENTITY" => "disabledByInactiveIdentity",
        _ => null,
    };
}
