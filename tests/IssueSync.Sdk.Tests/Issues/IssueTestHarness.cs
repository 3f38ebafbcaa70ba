using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Sync;
using IssueSync.Sdk.Tests.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Issues;

/// <summary>
/// An <see cref="IIssueIntegration"/> over the real handler chain (<see cref="ClientTestHarness"/>)
/// with a recording <see cref="FakeIntegrationStore"/>.
/// </summary>
internal sealed class IssueTestHarness : IDisposable
{
    public const string Org = ClientTestHarness.OrganizationUrl;
    public const string SearchUrl = "https://almsearch.dev.azure.com/fabrikam/_apis/search/workitemsearchresults";
    public const string WiqlUrl = Org + "_apis/wit/wiql";

    public IssueTestHarness(
        VstsInstallation? installation = null,
        TimeSpan? httpTimeout = null,
        Action<VstsIssueSyncOptions>? configureOptions = null,
        Action<IServiceCollection>? configureServices = null,
        IExternalProjectStore? projectStore = null,
        IConfiguration? configuration = null,
        BackendDefinitionBehavior backends = BackendDefinitionBehavior.NoExpectations)
    {
        // These tests pin the integration's own calls; the retry layer has its own tests, so it is
        // off here and every answer reaches the integration once.
        Client = new ClientTestHarness(
            configureOptions: o =>
            {
                o.Resilience.MaxRetries = 0;
                configureOptions?.Invoke(o);
            },
            configureHttpClient: httpTimeout is { } timeout ? b => b.ConfigureHttpClient(c => c.Timeout = timeout) : null,
            configureServices: configureServices,
            configuration: configuration,
            backends: backends);
        Installation = installation ?? NewInstallation();
        Store = new FakeIntegrationStore(Installation);
        Ledger = new RecordingLedger(Client.Services.GetRequiredService<IOwnWriteLedger>());
        var factory = new IssueIntegrationFactory(
            Client.Services.GetRequiredService<InstallationConnector>(),
            Store,
            Client.Services.GetRequiredService<IssueSyncServices>(),
            Client.Services.GetRequiredService<ResolveDecision>(),
            new OwnWriteTracker(Ledger, Client.Services.GetRequiredService<TimeProvider>(), NullLogger.Instance),
            projectStore);
        Integration = factory.Create(Installation, Client.Connection);
    }

    public ClientTestHarness Client { get; }

    public VstsInstallation Installation { get; }

    public FakeIntegrationStore Store { get; }

    public IIssueIntegration Integration { get; }

    /// <summary>The write ledger the integration records to: the registered store, with every call recorded.</summary>
    public RecordingLedger Ledger { get; }

    /// <summary>
    /// Serves <paramref name="process"/> for <paramref name="project"/> on the metadata routes (any number of
    /// reads), reads the create rules of <paramref name="workItemType"/> the way a create does, then forgets the
    /// recorded requests: the next create is warm and sends only its own requests.
    /// </summary>
    public async Task PrimeAsync(string project, string? workItemType, TestProcess? process = null)
    {
        (process ?? TestProcess.Permissive).Serve(Client, project);
        await ((IssueIntegration)Integration).GetCreateRulesAsync(project, workItemType, CancellationToken.None);
        Client.ClearRequests();
    }

    /// <summary>
    /// Serves <see cref="TestProcess.Permissive"/> for the projects the create tests use (<c>0987654321</c>,
    /// <c>Fabrikam</c>, <c>p</c>) and warms the create rules of their Task and Bug types, so each create
    /// afterwards sends only its own requests (recorded from index 0).
    /// </summary>
    public IssueTestHarness WarmCreates()
    {
        Task.Run(async () =>
        {
            await PrimeAsync("0987654321", "Task");
            await PrimeAsync("Fabrikam", "Bug");
            await PrimeAsync("p", "Bug");
        }).GetAwaiter().GetResult();
        return this;
    }

    public static VstsInstallation NewInstallation(IReadOnlyDictionary<string, VstsCreateFormDefaults>? defaults = null) => new()
    {
        IntegrationId = "integration-1",
        OrganizationId = "80ded3e8-3cd3-43b1-9f96-52032624aa3a",
        OrganizationUrl = Org,
        CreateFormDefaults = defaults ?? new Dictionary<string, VstsCreateFormDefaults>(StringComparer.Ordinal),
        Version = 7,
    };

    public void Dispose() => Client.Dispose();
}

/// <summary>An <see cref="IIntegrationStore"/> that records every save and can lose races on demand.</summary>
internal sealed class FakeIntegrationStore(VstsInstallation initial) : IIntegrationStore
{
    private readonly object _gate = new();
    private VstsInstallation _stored = initial;

    /// <summary>How many upcoming saves fail as if another writer saved first (bumping the version).</summary>
    public int ConflictsToSimulate { get; set; }

    public List<(VstsInstallation Installation, long ExpectedVersion, bool Saved)> Saves { get; } = [];

    public int Reads { get; private set; }

    public VstsInstallation Stored
    {
        get
        {
            lock (_gate)
            {
                return _stored;
            }
        }
    }

    public bool Missing { get; set; }

    public Task<VstsInstallation?> FindByOrganizationIdAsync(string organizationId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The issue integration looks installations up by integration id.");

    public Task<VstsInstallation?> FindByIntegrationIdAsync(string integrationId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Reads++;
            return Task.FromResult(Missing || integrationId != _stored.IntegrationId ? null : _stored);
        }
    }

    public Task<bool> TrySaveAsync(VstsInstallation installation, long expectedVersion, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (ConflictsToSimulate > 0)
            {
                ConflictsToSimulate--;
                _stored = _stored with { Version = _stored.Version + 1 };
            }

            var saved = expectedVersion == _stored.Version;
            Saves.Add((installation, expectedVersion, saved));
            if (saved)
            {
                _stored = installation with { Version = expectedVersion + 1 };
            }

            return Task.FromResult(saved);
        }
    }
}

/// <summary>An <see cref="IOwnWriteLedger"/> that records the ledger calls and passes every call on.</summary>
internal sealed class RecordingLedger(IOwnWriteLedger inner) : IOwnWriteLedger
{
    private readonly List<OwnWrite> _records = [];
    private readonly List<string> _removed = [];
    private readonly List<(string OrganizationId, int WorkItemId, int CommentId)> _comments = [];
    private readonly List<OwnWriteAttempt> _attempts = [];
    private readonly List<string> _attemptsRemoved = [];

    public IOwnWriteLedger Inner { get; } = inner;

    /// <summary>The confirmed entries, in the order they were confirmed.</summary>
    public IReadOnlyList<OwnWrite> Writes => Snapshot(_records).Where(w => w.IsConfirmed).ToList();

    /// <summary>The pending entries recorded before their writes were sent.</summary>
    public IReadOnlyList<OwnWrite> Pending => Snapshot(_records).Where(w => !w.IsConfirmed).ToList();

    /// <summary>Pending entries neither confirmed nor removed: none should remain once a call returned.</summary>
    public IReadOnlyList<OwnWrite> Unsettled
    {
        get
        {
            var records = Snapshot(_records);
            var removed = Snapshot(_removed);
            return records.Where(w => !w.IsConfirmed && !removed.Contains(w.WriteId) && !records.Any(c => c.IsConfirmed && c.WriteId == w.WriteId)).ToList();
        }
    }

    /// <summary>The write ids of removed (failed) entries.</summary>
    public IReadOnlyList<string> Removed => Snapshot(_removed);

    public IReadOnlyList<(string OrganizationId, int WorkItemId, int CommentId)> Comments => Snapshot(_comments);

    public Task RecordAsync(OwnWrite write, CancellationToken cancellationToken = default)
    {
        Add(_records, write);
        return Inner.RecordAsync(write, cancellationToken);
    }

    public Task RemoveAsync(string organizationId, int workItemId, string writeId, CancellationToken cancellationToken = default)
    {
        Add(_removed, writeId);
        return Inner.RemoveAsync(organizationId, workItemId, writeId, cancellationToken);
    }

    public Task<IReadOnlyList<OwnWrite>> FindAsync(string organizationId, int workItemId, int revision, CancellationToken cancellationToken = default) =>
        Inner.FindAsync(organizationId, workItemId, revision, cancellationToken);

    public Task RecordOwnCommentAsync(string organizationId, int workItemId, int commentId, CancellationToken cancellationToken = default)
    {
        Add(_comments, (organizationId, workItemId, commentId));
        return Inner.RecordOwnCommentAsync(organizationId, workItemId, commentId, cancellationToken);
    }

    public Task<bool> IsOwnCommentAsync(string organizationId, int workItemId, int commentId, CancellationToken cancellationToken = default) =>
        Inner.IsOwnCommentAsync(organizationId, workItemId, commentId, cancellationToken);

    /// <summary>Every attempt recorded, in order (before a create or comment is sent, after an unknown outcome, with its result).</summary>
    public IReadOnlyList<OwnWriteAttempt> Attempts => Snapshot(_attempts);

    /// <summary>The keys of attempts removed, in order.</summary>
    public IReadOnlyList<string> AttemptsRemoved => Snapshot(_attemptsRemoved);

    public Task RecordAttemptAsync(OwnWriteAttempt attempt, CancellationToken cancellationToken = default)
    {
        Add(_attempts, attempt);
        return Inner.RecordAttemptAsync(attempt, cancellationToken);
    }

    public Task<OwnWriteAttempt?> FindAttemptAsync(string organizationId, string key, CancellationToken cancellationToken = default) =>
        Inner.FindAttemptAsync(organizationId, key, cancellationToken);

    public Task RemoveAttemptAsync(string organizationId, string key, CancellationToken cancellationToken = default)
    {
        Add(_attemptsRemoved, key);
        return Inner.RemoveAttemptAsync(organizationId, key, cancellationToken);
    }

    private static List<T> Snapshot<T>(List<T> list)
    {
        lock (list)
        {
            return [.. list];
        }
    }

    private static void Add<T>(List<T> list, T item)
    {
        lock (list)
        {
            list.Add(item);
        }
    }
}

/// <summary>An <see cref="IExternalProjectStore"/> with mappings per project id that counts lookups.</summary>
internal sealed class FakeExternalProjectStore : IExternalProjectStore
{
    public Dictionary<string, VstsProjectStatusMapping> Mappings { get; } = new(StringComparer.Ordinal);

    public List<(string IntegrationId, string ProjectId)> Lookups { get; } = [];

    public Task<VstsProjectStatusMapping?> GetStatusMappingAsync(string integrationId, string projectId, CancellationToken cancellationToken = default)
    {
        lock (Lookups)
        {
            Lookups.Add((integrationId, projectId));
        }

        return Task.FromResult(Mappings.TryGetValue(projectId, out var mapping) ? mapping : null);
    }
}

/// <summary>A test class with a fresh <see cref="IssueTestHarness"/> per test.</summary>
public abstract class IssueTestBase : IDisposable
{
    private protected IssueTestHarness Harness { get; } = new();

    public void Dispose()
    {
        Harness.Dispose();
        GC.SuppressFinalize(this);
    }
}
