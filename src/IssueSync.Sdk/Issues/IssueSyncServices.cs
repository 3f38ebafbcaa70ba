using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.Issues;

/// <summary>
/// What every <see cref="IssueIntegration"/> shares on the outbound side: the directory caches that
/// make a sync call cost the same in an organization of any size, the clock, the log and the outbound
/// settings (the states cache and the resolve decision are the Sync floor's, shared with inbound). A singleton.
/// </summary>
internal sealed class IssueSyncServices
{
    private readonly IOptionsMonitor<VstsOutboundSyncOptions> _outbound;

    public IssueSyncServices(IOptionsMonitor<VstsOutboundSyncOptions> outbound, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(outbound);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _outbound = outbound;
        TimeProvider = timeProvider;
        Logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("IssueSync.Sdk.Issues");
        ProjectIds = new OrganizationDirectoryCache<string>(timeProvider, LoadProjectIdsAsync, (org, count) => IssueSyncLog.DirectoryLoaded(Logger, "projects", org, count));
        Users = new OrganizationDirectoryCache<DirectoryUser>(timeProvider, LoadUsersAsync, (org, count) => IssueSyncLog.DirectoryLoaded(Logger, "user addresses", org, count));
        ProcessMetadata = new ProcessMetadataCache(timeProvider, () => Outbound.ProcessMetadataTimeToLive);
    }

    public TimeProvider TimeProvider { get; }

    public ILogger Logger { get; }

    /// <summary>Outbound sync settings, current at the moment of the read (a configuration reload reaches the next call).</summary>
    public VstsOutboundSyncOptions Outbound => _outbound.CurrentValue;

    /// <summary>Project ids by project name, per organization.</summary>
    public OrganizationDirectoryCache<string> ProjectIds { get; }

    /// <summary>Graph users by mail address and by principal name, per organization.</summary>
    public OrganizationDirectoryCache<DirectoryUser> Users { get; }

    /// <summary>What creates are checked against: types, fields with their rules, area and iteration paths.</summary>
    public ProcessMetadataCache ProcessMetadata { get; }

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
