using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Sync;

/// <summary>
/// The states of each work item type, per organization and project, read once and kept for
/// <see cref="TimeToLive"/>. Concurrent callers for the same type share one request; a failed
/// read is not kept, so the next call tries again. A singleton: processes change rarely.
/// Callers name a project by id (webhooks) or by name (a work item's <c>System.TeamProject</c>, the
/// reporting feed): once <see cref="LearnProjectId"/> has been told a name's id, the entries are kept
/// under the id and a lookup by the name finds them, so one type's states are read once, not once per spelling.
/// </summary>
/// <param name="timeProvider">The clock that ages entries.</param>
internal sealed class WorkItemStateCache(TimeProvider timeProvider)
{
    /// <summary>How long a type's states are trusted before they are read again.</summary>
    public static readonly TimeSpan TimeToLive = TimeSpan.FromHours(1);

    private readonly SharedReads<Key, IReadOnlyList<WorkItemTypeState>> _entries = new();

    // Project name -> id per organization (the type part of the key is empty); written only when a new name is learned.
    private readonly ConcurrentDictionary<Key, string> _projectIds = new();

    /// <summary>Gets a work item type's states, from the cache when fresh.</summary>
    /// <param name="client">The organization's client.</param>
    /// <param name="project">The project id or name.</param>
    /// <param name="workItemType">The type name.</param>
    /// <param name="cancellationToken">Cancels this caller's wait (not a read other callers share).</param>
    /// <returns>The states in the process' order.</returns>
    /// <exception cref="VstsApiException">The read failed.</exception>
    public async Task<IReadOnlyList<WorkItemTypeState>> GetStatesAsync(IVstsClient client, string project, string workItemType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(project);
        ArgumentException.ThrowIfNullOrWhiteSpace(workItemType);
        var key = KeyOf(client, project, workItemType);
        if (IdOf(key, out var byId) && !_entries.Contains(key))
        {
            key = byId;
        }

        return await _entries.GetAsync(
            key,
            timeProvider.GetUtcNow(),
            TimeToLive,
            () => client.WorkItemTypes.GetStatesAsync(project, workItemType, CancellationToken.None),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Forgets a type's states, so the next lookup reads them again: Azure DevOps rejected a state the
    /// cached list holds (the process changed).
    /// </summary>
    /// <param name="client">The organization's client.</param>
    /// <param name="project">The project id or name.</param>
    /// <param name="workItemType">The type name.</param>
    public void Invalidate(IVstsClient client, string project, string workItemType)
    {
        var key = KeyOf(client, project, workItemType);
        _entries.Remove(key);
        if (IdOf(key, out var byId))
        {
            _entries.Remove(byId);
        }
    }

    /// <summary>
    /// Records that <paramref name="projectName"/> is project <paramref name="projectId"/> of the organization:
    /// states held under the name move to the id, and lookups by the name find the id's from then on.
    /// </summary>
    /// <param name="organizationUrl">The organization URL as the client's endpoint has it.</param>
    /// <param name="projectName">The project's name.</param>
    /// <param name="projectId">The project's id.</param>
    /// <returns>Whether this was news (a new or changed name), so a lookup by the id may now find states it missed.</returns>
    public bool LearnProjectId(string organizationUrl, string projectName, string projectId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(organizationUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(projectName);
        ArgumentException.ThrowIfNullOrWhiteSpace(projectId);
        if (string.Equals(projectName, projectId, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var name = new Key(organizationUrl, projectName, string.Empty);
        if (_projectIds.TryGetValue(name, out var known) && string.Equals(known, projectId, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        _projectIds[name] = projectId;
        // Kept under the id unless the id has its own entry already; gone from the name either way.
        _entries.Move(key => key.IsProject(organizationUrl, projectName), key => key.WithProject(projectId));

        return true;
    }

    /// <summary>
    /// A type's states when a successful read younger than <see cref="TimeToLive"/> holds them; never
    /// reads. Lets a caller that has no client yet (the inbound handler) decide without building one.
    /// </summary>
    /// <param name="organizationUrl">The organization URL as the client's endpoint has it (<c>https://dev.azure.com/{org}/</c>).</param>
    /// <param name="project">The project id or name.</param>
    /// <param name="workItemType">The type name.</param>
    /// <param name="states">The states, when cached.</param>
    /// <returns>Whether fresh states were cached.</returns>
    public bool TryGetCached(string organizationUrl, string project, string workItemType, [NotNullWhen(true)] out IReadOnlyList<WorkItemTypeState>? states)
    {
        var key = new Key(organizationUrl, project, workItemType);
        var now = timeProvider.GetUtcNow();
        return _entries.TryGetFresh(key, now, TimeToLive, out states)
            || (IdOf(key, out var byId) && _entries.TryGetFresh(byId, now, TimeToLive, out states));
    }

    private static Key KeyOf(IVstsClient client, string project, string workItemType) =>
        new(client.Target.OrganizationUrl.AbsoluteUri, project, workItemType);

    /// <summary>The key by project id, when the key names a project by a name whose id is known.</summary>
    private bool IdOf(Key key, out Key byId)
    {
        if (!_projectIds.IsEmpty && _projectIds.TryGetValue(key.WithType(string.Empty), out var id))
        {
            byId = key.WithProject(id);
            return true;
        }

        byId = default;
        return false;
    }

    /// <summary>Organization URL, project and type, compared case-insensitively (no upper-cased copies per lookup).</summary>
    private readonly struct Key(string organization, string project, string workItemType) : IEquatable<Key>
    {
        private readonly string _organization = organization;
        private readonly string _project = project;
        private readonly string _workItemType = workItemType;

        public bool Equals(Key other) =>
            string.Equals(_organization, other._organization, StringComparison.OrdinalIgnoreCase)
            && string.Equals(_project, other._project, StringComparison.OrdinalIgnoreCase)
            && string.Equals(_workItemType, other._workItemType, StringComparison.OrdinalIgnoreCase);

        public override bool Equals(object? obj) => obj is Key other && Equals(other);

        public bool IsProject(string organization, string project) =>
            string.Equals(_organization, organization, StringComparison.OrdinalIgnoreCase)
            && string.Equals(_project, project, StringComparison.OrdinalIgnoreCase)
            && _workItemType.Length > 0;

        public Key WithProject(string project) => new(_organization, project, _workItemType);

        public Key WithType(string workItemType) => new(_organization, _project, workItemType);

        public override int GetHashCode() => HashCode.Combine(
            StringComparer.OrdinalIgnoreCase.GetHashCode(_organization),
            StringComparer.OrdinalIgnoreCase.GetHashCode(_project),
            StringComparer.OrdinalIgnoreCase.GetHashCode(_workItemType));
    }
}
