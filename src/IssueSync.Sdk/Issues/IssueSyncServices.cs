using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Sync;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.Issues;

/// <summary>
/// What every <see cref="IssueIntegration"/> shares: the caches that make a sync call cost the same
/// in an organization of any size, the clock, the log and the sync settings. A singleton.
/// </summary>
internal sealed class IssueSyncServices
{
    /// <summary>The state categories that count as done when <see cref="SyncRuleOptions.DoneStateCategories"/> is not set.</summary>
    public static readonly IReadOnlyList<string> DefaultDoneStateCategories = ["Resolved", "Completed"];

    private readonly IOptionsMonitor<VstsOutboundSyncOptions> _outbound;
    private readonly IOptionsMonitor<SyncRuleOptions> _rules;
    private DoneCategorySet? _done;

    public IssueSyncServices(IOptionsMonitor<VstsOutboundSyncOptions> outbound, IOptionsMonitor<SyncRuleOptions> rules, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(outbound);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _outbound = outbound;
        _rules = rules;
        TimeProvider = timeProvider;
        Logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("IssueSync.Sdk.Issues");
        States = new WorkItemStateCache(timeProvider);
        ProjectIds = new OrganizationDirectoryCache<string>(timeProvider, LoadProjectIdsAsync, (org, count) => IssueSyncLog.DirectoryLoaded(Logger, "projects", org, count));
        Users = new OrganizationDirectoryCache<DirectoryUser>(timeProvider, LoadUsersAsync, (org, count) => IssueSyncLog.DirectoryLoaded(Logger, "user addresses", org, count));
    }

    public TimeProvider TimeProvider { get; }

    /// <summary>Outbound writes sent but not yet in the write ledger, which the inbound side waits for.</summary>
    public InFlightWrites InFlightWrites { get; } = new();

    public ILogger Logger { get; }

    /// <summary>Work item type states per organization, project and type.</summary>
    public WorkItemStateCache States { get; }

    /// <summary>
    /// The state categories whose states mean "done" (case-insensitive), from the current
    /// <see cref="SyncRuleOptions"/>: built again only when a configuration reload changes them.
    /// </summary>
    public IReadOnlySet<WorkItemStateCategory> DoneCategories
    {
        get
        {
            var rules = _rules.CurrentValue;
            var done = Volatile.Read(ref _done);
            if (done is null || !ReferenceEquals(done.Rules, rules))
            {
                var categories = rules.DoneStateCategories is { Length: > 0 } configured ? configured : DefaultDoneStateCategories;
                done = new DoneCategorySet(rules, categories.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => new WorkItemStateCategory(c.Trim())).ToHashSet());
                Volatile.Write(ref _done, done);
            }

            return done.Categories;
        }
    }

    /// <summary>Outbound sync settings, current at the moment of the read (a configuration reload reaches the next call).</summary>
    public VstsOutboundSyncOptions Outbound => _outbound.CurrentValue;

    /// <summary>Project ids by project name, per organization.</summary>
    public OrganizationDirectoryCache<string> ProjectIds { get; }

    /// <summary>Graph users by mail address and by principal name, per organization.</summary>
    public OrganizationDirectoryCache<DirectoryUser> Users { get; }

    /// <summary>
    /// The resolve decision from cached states only (never a call, never a client): what the inbound
    /// handler tries first, since a warm cache is the usual case.
    /// </summary>
    /// <param name="organizationUrl">The installation's organization URL.</param>
    /// <param name="project">The project id or name.</param>
    /// <param name="workItemType">The item's type.</param>
    /// <param name="oldState">The previous state (none for a created item).</param>
    /// <param name="newState">The new state.</param>
    /// <param name="action">The decision, when the type's states are cached.</param>
    /// <returns>Whether the states were cached (otherwise ask an <see cref="IIssueIntegration"/>).</returns>
    public bool TryDecideFromCache(string organizationUrl, string project, string workItemType, string? oldState, string? newState, out ResolveSyncAction action)
    {
        if (States.TryGetCached(organizationUrl, project, workItemType, out var states))
        {
            action = IssueIntegration.Decide(states, DoneCategories, oldState, newState);
            return true;
        }

        action = ResolveSyncAction.None;
        return false;
    }

    /// <summary>Finds a project's id by its name (as <c>System.TeamProject</c> holds it).</summary>
    public Task<string?> FindProjectIdAsync(IVstsClient client, string projectName, CancellationToken cancellationToken)
    {
        var outbound = Outbound;
        return ProjectIds.FindAsync(client, [projectName], outbound.DirectoryRefreshInterval, outbound.DirectoryTimeToLive, cancellationToken);
    }

    /// <summary>Finds the user any of <paramref name="emails"/> belongs to, by mail address or principal name.</summary>
    public Task<DirectoryUser?> FindUserAsync(IVstsClient client, IEnumerable<string> emails, CancellationToken cancellationToken)
    {
        var outbound = Outbound;
        return Users.FindAsync(client, emails, outbound.DirectoryRefreshInterval, outbound.DirectoryTimeToLive, cancellationToken);
    }

    private static async Task<IReadOnlyDictionary<string, string>> LoadProjectIdsAsync(IVstsClient client, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        await foreach (var project in client.Projects.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (!string.IsNullOrEmpty(project.Name) && !string.IsNullOrEmpty(project.Id))
            {
                ids.TryAdd(project.Name, project.Id);
            }
        }

        return ids;
    }

    private static async Task<IReadOnlyDictionary<string, DirectoryUser>> LoadUsersAsync(IVstsClient client, CancellationToken cancellationToken)
    {
        var users = new Dictionary<string, DirectoryUser>(StringComparer.OrdinalIgnoreCase);
        await foreach (var user in client.Graph.ListUsersAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var mail = NonBlank(user.MailAddress);
            var principal = NonBlank(user.PrincipalName);
            // Service identities have no mail address: nobody assigns work to them.
            if (mail is null && (principal is null || !principal.Contains('@', StringComparison.Ordinal)))
            {
                continue;
            }

            var entry = new DirectoryUser(mail ?? principal!, mail, principal, user.DisplayName);
            if (mail is not null)
            {
                users.TryAdd(mail, entry);
            }

            if (principal is not null)
            {
                users.TryAdd(principal, entry);
            }
        }

        return users;
    }

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>The done categories of one <see cref="SyncRuleOptions"/> instance.</summary>
internal sealed record DoneCategorySet(SyncRuleOptions Rules, IReadOnlySet<WorkItemStateCategory> Categories);

/// <summary>An Azure DevOps user as assignee sync needs one.</summary>
/// <param name="AssignValue">What to write to <c>System.AssignedTo</c>: the mail address, else the principal name.</param>
/// <param name="MailAddress">The mail address, if any.</param>
/// <param name="PrincipalName">The sign-in name, if any.</param>
/// <param name="DisplayName">The display name.</param>
internal sealed record DirectoryUser(string AssignValue, string? MailAddress, string? PrincipalName, string? DisplayName)
{
    /// <summary>Whether a work item's assignee is this user (its unique name or email is one of the user's addresses).</summary>
    public bool Is(VstsIdentity? identity) =>
        identity is not null && (Matches(identity.UniqueName) || Matches(identity.Email));

    private bool Matches(string? value) =>
        !string.IsNullOrWhiteSpace(value)
        && (string.Equals(value.Trim(), MailAddress, StringComparison.OrdinalIgnoreCase)
            || string.Equals(value.Trim(), PrincipalName, StringComparison.OrdinalIgnoreCase));
}
