using System.Buffers;
using System.Buffers.Text;
using System.Net;
using System.Text;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Inbound;

namespace IssueSync.Sdk.Benchmarks;

/// <summary>
/// The host side of <see cref="WebhookHandlingBenchmarks"/>: one installation, one linked group and one
/// assignable user, held in memory and answered with completed tasks, so a delivery's cost is the
/// handler's. Each store counts its calls, so the setup can check both handlers made the same ones.
/// </summary>
internal sealed class WebhookBenchmarkHost
{
    /// <summary><c>resourceContainers.collection.id</c> of the corpus payload.</summary>
    public const string CollectionId = "6a4f2d1e-93b7-4c58-8e0a-1f2b3c4d5e6f";

    /// <summary><c>resourceContainers.project.id</c> of the corpus payload.</summary>
    public const string ProjectId = "3c9e7b52-0d41-4f6a-b8e3-a7d1c2e4f5b6";

    /// <summary>The corpus payload's work item (<c>resource.workItemId</c>).</summary>
    public const int WorkItemId = 1729;

    /// <summary>The organization every <c>baseUrl</c> of the payload names.</summary>
    public const string OrganizationUrl = "https://dev.azure.com/fabrikam/";

    /// <summary>The shared secret the installation holds and each delivery carries.</summary>
    public const string Secret = "benchmark-webhook-secret-0123456789";

    /// <summary>The email of the payload's new <c>System.AssignedTo</c>.</summary>
    public const string AssigneeEmail = "lauryn2@sentry.io";

    /// <summary>The installation of <see cref="CollectionId"/>, both inbound directions on.</summary>
    public static readonly VstsInstallation Installation = new()
    {
        IntegrationId = "integration-1",
        OrganizationId = CollectionId,
        OrganizationUrl = OrganizationUrl,
        WebhookSecrets = new VstsWebhookSecrets(Secret),
        SdkIdentityId = "0f0e0d0c-0b0a-4908-8706-050403020100",
        SyncSettings = new VstsSyncSettings { AssigneeInbound = true, StatusInbound = true },
    };

    /// <summary>
    /// The Bug states of the payload's project, answered once to warm the resolve decision's cache
    /// (Active is in progress, Resolved is done: the payload's Active -> Resolved resolves).
    /// </summary>
    public static readonly byte[] BugStatesJson = Encoding.UTF8.GetBytes(
        """{"count":3,"value":[{"name":"New","color":"b2b2b2","category":"Proposed"},{"name":"Active","color":"007acc","category":"InProgress"},{"name":"Resolved","color":"ff9d00","category":"Resolved"}]}""");

    public Integrations IntegrationStore { get; } = new();

    public Groups GroupStore { get; } = new();

    public Assignees AssigneeStore { get; } = new();

    /// <summary>Every store call so far, by port and method, for the like-with-like check.</summary>
    public string Calls =>
        $"integrations {IntegrationStore.Finds}, groups {GroupStore.Finds}/{GroupStore.Resolves}/{GroupStore.Unresolves}, "
        + $"assignees {AssigneeStore.Finds}/{AssigneeStore.Assigns}/{AssigneeStore.Deassigns}";

    /// <summary>Finds <see cref="Installation"/> by its collection id.</summary>
    public sealed class Integrations : IIntegrationStore
    {
        private static readonly Task<VstsInstallation?> Found = Task.FromResult<VstsInstallation?>(Installation);
        private static readonly Task<VstsInstallation?> NotFound = Task.FromResult<VstsInstallation?>(null);

        public int Finds { get; private set; }

        public Task<VstsInstallation?> FindByOrganizationIdAsync(string organizationId, CancellationToken cancellationToken = default)
        {
            Finds++;
            return string.Equals(organizationId, CollectionId, StringComparison.OrdinalIgnoreCase) ? Found : NotFound;
        }

        public Task<VstsInstallation?> FindByIntegrationIdAsync(string integrationId, CancellationToken cancellationToken = default) =>
            integrationId == Installation.IntegrationId ? Found : NotFound;

        public Task<bool> TrySaveAsync(VstsInstallation installation, long expectedVersion, CancellationToken cancellationToken = default) =>
            Task.FromResult(false);
    }

    /// <summary>
    /// One group, assigned to another user, linked to <see cref="WorkItemId"/>; its resolved flag follows
    /// the resolves and unresolves (the deliveries alternate Active -> Resolved and back), other changes
    /// are counted, not kept.
    /// </summary>
    public sealed class Groups : IGroupStore
    {
        private static readonly Task<IReadOnlyList<LinkedGroup>> Unresolved = Task.FromResult<IReadOnlyList<LinkedGroup>>(
            [new LinkedGroup("group-1", "host-project", IsResolved: false, ProjectId, AssigneeUserId: "user-1")]);

        private static readonly Task<IReadOnlyList<LinkedGroup>> Resolved = Task.FromResult<IReadOnlyList<LinkedGroup>>(
            [new LinkedGroup("group-1", "host-project", IsResolved: true, ProjectId, AssigneeUserId: "user-1")]);

        private bool _resolved;

        private static readonly Task<IReadOnlyList<LinkedGroup>> None = Task.FromResult<IReadOnlyList<LinkedGroup>>([]);

        public int Finds { get; private set; }

        public int Resolves { get; private set; }

        public int Unresolves { get; private set; }

        public Task<IReadOnlyList<LinkedGroup>> FindLinkedGroupsAsync(string integrationId, int workItemId, CancellationToken cancellationToken = default)
        {
            Finds++;
            return workItemId != WorkItemId ? None : _resolved ? Resolved : Unresolved;
        }

        public async Task<IReadOnlyDictionary<int, IReadOnlyList<LinkedGroup>>> FindLinkedGroupsAsync(string integrationId, IReadOnlyCollection<int> workItemIds, CancellationToken cancellationToken = default)
        {
            Finds++;
            return workItemIds.Contains(WorkItemId) ? new Dictionary<int, IReadOnlyList<LinkedGroup>> { [WorkItemId] = await (_resolved ? Resolved : Unresolved) } : new Dictionary<int, IReadOnlyList<LinkedGroup>>();
        }

        public Task ResolveAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default)
        {
            Resolves++;
            _resolved = true;
            return Task.CompletedTask;
        }

        public Task UnresolveAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default)
        {
            Unresolves++;
            _resolved = false;
            return Task.CompletedTask;
        }
    }

    /// <summary>One user with <see cref="AssigneeEmail"/>; changes are counted, not kept.</summary>
    public sealed class Assignees : IAssigneeStore
    {
        private static readonly Task<HostUser?> Found = Task.FromResult<HostUser?>(new HostUser("user-2", [AssigneeEmail], "lauryn2"));
        private static readonly Task<HostUser?> NotFound = Task.FromResult<HostUser?>(null);

        public int Finds { get; private set; }

        public int Assigns { get; private set; }

        public int Deassigns { get; private set; }

        public Task<HostUser?> FindUserByEmailAsync(string hostProjectId, string email, CancellationToken cancellationToken = default)
        {
            Finds++;
            return string.Equals(email, AssigneeEmail, StringComparison.OrdinalIgnoreCase) ? Found : NotFound;
        }

        public Task AssignAsync(LinkedGroup group, HostUser user, ChangeSource source, CancellationToken cancellationToken = default)
        {
            Assigns++;
            return Task.CompletedTask;
        }

        public Task DeassignAsync(LinkedGroup group, ChangeSource source, CancellationToken cancellationToken = default)
        {
            Deassigns++;
            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// Answers the states read with <see cref="BugStatesJson"/> and anything else 404, counting requests:
    /// after the warm-up the status path must send none.
    /// </summary>
    public sealed class StatesHandler : HttpMessageHandler
    {
        public int Requests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            if (request.RequestUri?.AbsolutePath.EndsWith("/_apis/wit/workitemtypes/Bug/states", StringComparison.Ordinal) != true)
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound) { RequestMessage = request });
            }

            var content = new ByteArrayContent(BugStatesJson);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }

    /// <summary>
    /// A clock for the delivery store alone that moves two days per reading, so every recorded delivery
    /// id has expired by the next one and the store's own periodic sweep keeps it small over millions
    /// of deliveries (it would otherwise hold every id for its 48-hour retention and grow without bound).
    /// </summary>
    public sealed class ExpiringClock : TimeProvider
    {
        private static readonly DateTimeOffset Start = new(2026, 3, 4, 12, 0, 0, TimeSpan.Zero);
        private static readonly DateTimeOffset Limit = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);
        private DateTimeOffset _now = Start;

        public override DateTimeOffset GetUtcNow()
        {
            // Back to the start before DateTimeOffset runs out (after about 640,000 deliveries, two
            // readings each); the few ids still held then are unique, so they only stay.
            _now = _now < Limit ? _now + TimeSpan.FromDays(2) : Start;
            return _now;
        }
    }
}

/// <summary>
/// The corpus payload made into a stream of fresh deliveries: its notification id, event id and the
/// five revision numbers (<c>resource.rev</c>, <c>System.Rev</c> old and new, <c>resource.revision.rev</c>
/// and its <c>System.Rev</c>) are widened to fixed-width numbers and rewritten in place by
/// <see cref="Next"/>, so each call is a new delivery of a newer revision: dedupe and the watermark never
/// short-circuit it. The state change alternates Active -> Resolved and Resolved -> Active, so every
/// delivery moves the state on from the one the last left (the decision starts from the state last applied). The rest of the body is the corpus' bytes, less the state change when
/// <c>assigneeOnly</c>. The request wraps the same array, with the shared secret.
/// </summary>
internal sealed class FreshWebhookDeliveries
{
    private const string NotificationMark = "NNNNNNNNNN";
    private const string EventMark = "EEEEEEEEEEEE";
    private const string RevisionMark = "RRRRRRRRRR";
    private const string PreviousRevisionMark = "PPPPPPPPPP";
    private const string StateChange = "\"System.State\":{\"oldValue\":\"Active\",\"newValue\":\"Resolved\"},";
    private const string Forward = "{\"oldValue\":\"Active\",\"newValue\":\"Resolved\"}";
    private const string Back = "{\"oldValue\":\"Resolved\",\"newValue\":\"Active\"}";

    private readonly int[] _notificationSlots;
    private readonly int[] _eventSlots;
    private readonly int[] _revisionSlots;
    private readonly int[] _previousRevisionSlots;
    private readonly int _stateChangeSlot;
    private readonly int _firstRevision;
    private int _revision;

    /// <summary>Prepares the stream.</summary>
    /// <param name="corpusPayload">The 4 KB corpus payload.</param>
    /// <param name="firstRevision">The first revision, ten digits (the widths never change); the ids are made from it too.</param>
    /// <param name="assigneeOnly">Drops the state change from <c>resource.fields</c>: the assignee is all that changed.</param>
    public FreshWebhookDeliveries(byte[] corpusPayload, int firstRevision, bool assigneeOnly = false)
    {
        if (firstRevision is < 1_000_000_001 or > 1_999_999_999)
        {
            throw new ArgumentOutOfRangeException(nameof(firstRevision), "Ten digits, and room to count up.");
        }

        // Marks first (the payload is ASCII, so char and byte offsets agree), then the digits over them.
        var corpus = Encoding.UTF8.GetString(corpusPayload);
        var text = corpus
            .Replace("\"notificationId\":115,", $"\"notificationId\":{NotificationMark},", StringComparison.Ordinal)
            .Replace("\"id\":\"e49f1b6c-5d7a-4e0f-9a2b-c4d5e6f7a8b9\"", $"\"id\":\"e49f1b6c-5d7a-4e0f-9a2b-{EventMark}\"", StringComparison.Ordinal)
            .Replace("\"System.Rev\":{\"oldValue\":12,\"newValue\":13}", $"\"System.Rev\":{{\"oldValue\":{PreviousRevisionMark},\"newValue\":{RevisionMark}}}", StringComparison.Ordinal)
            .Replace("\"rev\":13,", $"\"rev\":{RevisionMark},", StringComparison.Ordinal)
            .Replace("\"System.Rev\":13,", $"\"System.Rev\":{RevisionMark},", StringComparison.Ordinal);
        if (assigneeOnly)
        {
            text = text.Replace(StateChange, string.Empty, StringComparison.Ordinal);
        }

        _notificationSlots = SlotsOf(text, NotificationMark);
        _eventSlots = SlotsOf(text, EventMark);
        _revisionSlots = SlotsOf(text, RevisionMark);
        _previousRevisionSlots = SlotsOf(text, PreviousRevisionMark);
        _stateChangeSlot = assigneeOnly ? -1 : text.IndexOf(StateChange, StringComparison.Ordinal) + "\"System.State\":".Length;
        if (_notificationSlots.Length != 1 || _eventSlots.Length != 1 || _previousRevisionSlots.Length != 1 || _revisionSlots.Length != 4
            || !corpus.Contains(StateChange, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The corpus payload no longer has the ids, revisions and state change the benchmark rewrites.");
        }

        Body = Encoding.ASCII.GetBytes(text);
        Request = new VstsWebhookRequest(Body, [new("Shared-Secret", WebhookBenchmarkHost.Secret), new("Content-Type", "application/json; charset=utf-8")]);
        _revision = firstRevision - 1;
        _firstRevision = firstRevision;
        Next();
    }

    /// <summary>The body; <see cref="Next"/> rewrites it in place.</summary>
    public byte[] Body { get; }

    /// <summary>The request over <see cref="Body"/>, as a web endpoint would build it.</summary>
    public VstsWebhookRequest Request { get; }

    /// <summary>The revision the body carries now.</summary>
    public int Revision => _revision;

    /// <summary>Makes the body the next delivery: a new notification and event id, the next revision.</summary>
    /// <returns><see cref="Request"/>.</returns>
    public VstsWebhookRequest Next()
    {
        var revision = ++_revision;
        Write(_notificationSlots, revision, NotificationMark.Length);
        Write(_eventSlots, revision, EventMark.Length);
        Write(_revisionSlots, revision, RevisionMark.Length);
        Write(_previousRevisionSlots, revision - 1, PreviousRevisionMark.Length);
        if (_stateChangeSlot >= 0)
        {
            // Alternating, so each revision changes the state from the one the last left (the same length either
            // way); the first revision delivered after this one's (Next is called once here) goes forward.
            Encoding.ASCII.GetBytes((revision & 1) == (_firstRevision & 1) ? Back : Forward, Body.AsSpan(_stateChangeSlot));
        }

        return Request;
    }

    private void Write(int[] slots, long value, int width)
    {
        foreach (var slot in slots)
        {
            Utf8Formatter.TryFormat(value, Body.AsSpan(slot, width), out _, new StandardFormat('D', (byte)width));
        }
    }

    private static int[] SlotsOf(string text, string mark)
    {
        var slots = new List<int>();
        for (var at = text.IndexOf(mark, StringComparison.Ordinal); at >= 0; at = text.IndexOf(mark, at + mark.Length, StringComparison.Ordinal))
        {
            slots.Add(at);
        }

        return [.. slots];
    }
}
