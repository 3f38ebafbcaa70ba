using System.Globalization;
using System.Text.RegularExpressions;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Diagnostics;
using IssueSync.Sdk.Patch;
using IssueSync.Sdk.Sync;

namespace IssueSync.Sdk.Issues;

/// <summary>The issue integration of one installation, over <see cref="IVstsClient"/> and the host's ports.</summary>
internal sealed partial class IssueIntegration : IIssueIntegration
{
    /// <summary>Azure DevOps' limit is 255; the reference integration cuts at 128, keeping titles readable.</summary>
    internal const int TitleMaxLength = 128;

    /// <summary>The prefix of the tag that marks a work item as created for a host group.</summary>
    internal const string GroupTagPrefix = "issuesync:";

    /// <summary>Compare-and-set attempts before a settings save gives up.</summary>
    internal const int MaxSaveAttempts = 5;

    private const string RequiredFieldErrorCode = "TF401320";
    private const string IdentityDeletedText = "is currently Deleted within the following Microsoft Entra tenant";

    private readonly IVstsClient _client;
    private readonly IIntegrationStore? _store;
    private readonly IssueSyncServices _services;
    private readonly ResolveDecision _decision;
    private readonly OwnWriteTracker _ownWrites;
    private readonly IExternalProjectStore? _projectStore;
    private readonly string _integrationId;

    // The latest installation seen, so defaults saved through this instance are offered next time.
    private VstsInstallation _installation;

    public IssueIntegration(VstsInstallation installation, IVstsClient client, IIntegrationStore? store, IssueSyncServices services, ResolveDecision decision, OwnWriteTracker ownWrites, IExternalProjectStore? projectStore)
    {
        _services = services;
        _decision = decision;
        _ownWrites = ownWrites;
        _projectStore = projectStore;
        _installation = installation;
        _integrationId = installation.IntegrationId;
        _client = client;
        _store = store;
    }

    public Task<IssueDetails> CreateIssueAsync(CreateIssueRequest request, CancellationToken cancellationToken = default) =>
        Traced("Issues.CreateIssue", null, () => CreateIssueCoreAsync(request, cancellationToken), static created => IdOf(created.Key));

    private async Task<IssueDetails> CreateIssueCoreAsync(CreateIssueRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (project, title, groupTag) = ValidateCreate(request);
        var rules = await GetCreateRulesAsync(project, request.WorkItemType, cancellationToken).ConfigureAwait(false);
        var html = IssueMarkdown.ToHtml(request.Description);
        var tags = new List<string>();
        if (request.Tags is not null)
        {
            tags.AddRange(request.Tags);
        }

        if (groupTag is not null)
        {
            tags.Add(groupTag);
        }

        var relations = new List<PatchRelation>();
        if (request.HostIssueUrl is { } link)
        {
            relations.Add(PatchRelation.Hyperlink(link.AbsoluteUri, request.HostIssueLinkComment));
        }

        if (request.ParentWorkItemId is { } parent)
        {
            relations.Add(new PatchRelation(WorkItemRelationType.Parent, new Uri(_client.Target.OrganizationUrl, "_apis/wit/workItems/" + Key(parent)).AbsoluteUri));
        }

        var patch = WorkItemPatch.ForCreate(new WorkItemCreateFields
        {
            Title = title,
            Description = html,
            Comment = request.AddDescriptionAsComment ? html : null,
            AreaPath = request.AreaPath,
            IterationPath = request.IterationPath,
            Tags = tags,
            Priority = request.Priority,
            Fields = request.Fields,
            Relations = relations,
        });

        // Every rule Azure DevOps publishes is checked before anything is sent.
        var errors = rules.Validate(FieldValues(patch));
        if (errors.Count > 0)
        {
            throw new IssueIntegrationException(
                $"The {rules.Type.Name} cannot be created: " + string.Join(" ", errors.Values),
                IssueIntegrationErrorKind.Validation,
                errors);
        }

        if (groupTag is null)
        {
            var created = await CreateOnceAsync(rules, patch, cancellationToken).ConfigureAwait(false);
            return new IssueDetails(Key(created.Id), title, request.Description, DisplayName(created), GetIssueUrl(created.Id));
        }

        var group = await CreateForGroupAsync(rules, patch, groupTag, cancellationToken).ConfigureAwait(false);
        return new IssueDetails(Key(group.Item.Id), title, request.Description, DisplayName(group.Item), GetIssueUrl(group.Item.Id))
        {
            DuplicateKeys = [.. group.Duplicates.Select(Key)],
            DuplicatesDeleted = group.DuplicatesDeleted,
        };
    }

    public Task<IssueDetails> GetIssueAsync(string issueKey, CancellationToken cancellationToken = default) =>
        Traced("Issues.GetIssue", IdOf(issueKey), () => GetIssueCoreAsync(issueKey, cancellationToken));

    private async Task<IssueDetails> GetIssueCoreAsync(string issueKey, CancellationToken cancellationToken)
    {
        var id = ParseKey(issueKey);
        var item = await Translate(() => _client.WorkItems.GetAsync(id, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return new IssueDetails(Key(item.Id), item.Title ?? string.Empty, item.Description, DisplayName(item), GetIssueUrl(item.Id));
    }

    public Uri GetIssueUrl(string issueKey) => GetIssueUrl(ParseKey(issueKey));

    public Task<CreateFormConfig> GetCreateFormConfigAsync(CreateFormConfigRequest request, CancellationToken cancellationToken = default) =>
        Traced("Issues.GetCreateFormConfig", null, () => GetCreateFormConfigCoreAsync(request, cancellationToken));

    private async Task<CreateFormConfig> GetCreateFormConfigCoreAsync(CreateFormConfigRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var persisted = PersistedDefaults(request.HostProjectId);
        var projects = new List<IssueChoice>();
        await foreach (var project in _client.Projects.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            projects.Add(new IssueChoice(project.Id, project.Name));
        }

        if (projects.Count == 0)
        {
            return new CreateFormConfig(null, [], null, []);
        }

        var defaultProject = NonBlank(request.ProjectId) ?? NonBlank(persisted?.ProjectId) ?? projects[0].Value;
        if (projects.Find(p => string.Equals(p.Value, defaultProject, StringComparison.OrdinalIgnoreCase)) is { } listed)
        {
            defaultProject = listed.Value; // the id as Azure DevOps spells it, so it matches a choice
        }
        else
        {
            // A remembered project the list does not hold (e.g. another state): fetch it and offer it first.
            try
            {
                var missing = await _client.Projects.GetAsync(defaultProject, cancellationToken).ConfigureAwait(false);
                projects.Insert(0, new IssueChoice(missing.Id, missing.Name));
                defaultProject = missing.Id;
            }
            catch (VstsApiException)
            {
                return new CreateFormConfig(null, projects, null, []);
            }
        }

        var metadata = await _services.ProcessMetadata.GetProjectAsync(_client, defaultProject, cancellationToken).ConfigureAwait(false);
        var creatable = metadata.CreatableTypes;
        var types = creatable.Select(static t => new IssueChoice(t.ReferenceName, t.Name.Value)).ToList();
        var chosen = Chosen(creatable, NonBlank(request.WorkItemType)) ?? Chosen(creatable, NonBlank(persisted?.WorkItemType)) ?? metadata.DefaultType;
        if (chosen is null)
        {
            return new CreateFormConfig(defaultProject, projects, null, types) { AreaPaths = metadata.AreaPaths, IterationPaths = metadata.IterationPaths };
        }

        var rules = await GetCreateRulesAsync(defaultProject, chosen.ReferenceName, cancellationToken).ConfigureAwait(false);
        return new CreateFormConfig(defaultProject, projects, chosen.ReferenceName, types)
        {
            Fields = rules.FormFields(),
            AreaPaths = metadata.AreaPaths,
            IterationPaths = metadata.IterationPaths,
        };
    }

    /// <summary>The creatable type <paramref name="wanted"/> names (reference name or name), if any.</summary>
    private static WorkItemTypeInfo? Chosen(IReadOnlyList<WorkItemTypeInfo> creatable, string? wanted) =>
        wanted is null
            ? null
            : creatable.FirstOrDefault(t => string.Equals(t.ReferenceName, wanted, StringComparison.OrdinalIgnoreCase))
                ?? creatable.FirstOrDefault(t => string.Equals(t.Name.Value, wanted, StringComparison.OrdinalIgnoreCase));

    public Task SaveCreateFormDefaultsAsync(string hostProjectId, string? projectId, string? workItemType, CancellationToken cancellationToken = default) =>
        Traced("Issues.SaveCreateFormDefaults", null, () => SaveCreateFormDefaultsCoreAsync(hostProjectId, projectId, workItemType, cancellationToken));

    private async Task SaveCreateFormDefaultsCoreAsync(string hostProjectId, string? projectId, string? workItemType, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hostProjectId);
        var store = _store ?? throw new InvalidOperationException(
            "Saving create-form defaults needs the host's IIntegrationStore: register it on the builder AddVstsIssueSync returns.");
        var defaults = new VstsCreateFormDefaults(NonBlank(projectId), NonBlank(workItemType));
        var current = _installation;
        for (var attempt = 1; ; attempt++)
        {
            if (current.CreateFormDefaults.TryGetValue(hostProjectId, out var existing) && existing == defaults)
            {
                _installation = current;
                return;
            }

            var map = new Dictionary<string, VstsCreateFormDefaults>(current.CreateFormDefaults, StringComparer.Ordinal)
            {
                [hostProjectId] = defaults,
            };
            var updated = current with { CreateFormDefaults = map };
            if (await store.TrySaveAsync(updated, current.Version, cancellationToken).ConfigureAwait(false))
            {
                _installation = updated;
                return;
            }

            if (attempt == MaxSaveAttempts)
            {
                throw new IssueIntegrationException(
                    $"The create-form defaults were not saved: installation '{_integrationId}' changed {MaxSaveAttempts} times while saving. Try again.",
                    IssueIntegrationErrorKind.Conflict);
            }

            current = await store.FindByIntegrationIdAsync(_integrationId, cancellationToken).ConfigureAwait(false)
                ?? throw new IssueIntegrationException(
                    $"The create-form defaults were not saved: installation '{_integrationId}' is no longer in the integration store.",
                    IssueIntegrationErrorKind.InstallationNotFound);
        }
    }

    public Task<IReadOnlyList<IssueChoice>> SearchIssuesAsync(string query, CancellationToken cancellationToken = default) =>
        Traced("Issues.SearchIssues", null, () => SearchIssuesCoreAsync(query, cancellationToken));

    private async Task<IReadOnlyList<IssueChoice>> SearchIssuesCoreAsync(string query, CancellationToken cancellationToken)
    {
        var text = query?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var choices = new List<IssueChoice>();
        if (TryParseId(text.TrimStart('#'), out var id))
        {
            // The search index lags behind: read a work item number directly so a new item still links.
            try
            {
                var item = await _client.WorkItems.GetAsync(id, new GetWorkItemOptions { Fields = [WorkItemFields.Title] }, cancellationToken).ConfigureAwait(false);
                choices.Add(Choice(item.Id, item.Title));
            }
            catch (VstsApiException ex) when (ex.Kind is VstsErrorKind.NotFound)
            {
                // Not an existing item: the text search below may still find something.
            }
        }

        WorkItemSearchResults results;
        try
        {
            results = await _client.Search.SearchWorkItemsAsync(new WorkItemSearchRequest { SearchText = text }, cancellationToken).ConfigureAwait(false);
        }
        catch (VstsApiException ex) when (ex.Kind is VstsErrorKind.Validation)
        {
            var message = string.IsNullOrWhiteSpace(ex.ServiceMessage) ? "Azure DevOps could not search for this text." : ex.ServiceMessage;
            throw IssueIntegrationException.ForField(CreateIssueFields.Query, message, ex);
        }

        foreach (var hit in results.Results)
        {
            if (hit.Id is { } hitId && !choices.Exists(c => c.Value == Key(hitId)))
            {
                choices.Add(Choice(hitId, hit.Title));
            }
        }

        return choices;
    }

    /// <summary>
    /// Runs one public operation in one span named <paramref name="operation"/> (<c>Issues.*</c>),
    /// with its duration; the client calls it makes are child spans. Every public async method
    /// follows the same pattern: <c>public Task&lt;T&gt; FooAsync(args) =&gt; Traced("Issues.Foo",
    /// workItemIdOrNull, () =&gt; FooCoreAsync(args));</c> with the body in <c>FooCoreAsync</c>.
    /// Failures are traced, not logged: the failed client call already logged its own line.
    /// </summary>
    private Task<T> Traced<T>(string operation, int? workItemId, Func<Task<T>> call, Func<T, int?>? resultWorkItemId = null) =>
        VstsOperationScope.RunAsync(operation, _client.Target.OrganizationUrl, workItemId, logger: null, call, resultWorkItemId);

    /// <inheritdoc cref="Traced{T}"/>
    private async Task Traced(string operation, int? workItemId, Func<Task> call) =>
        await Traced(operation, workItemId, async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);

    /// <summary>The work item number of an issue key, for a span tag; <see langword="null"/> when it is not one.</summary>
    private static int? IdOf(string? issueKey) => TryParseId(issueKey?.Trim() ?? string.Empty, out var id) ? id : null;

    private static (string Project, string Title, string? GroupTag) ValidateCreate(CreateIssueRequest request)
    {
        if (request.HostIssueUrl is { IsAbsoluteUri: false })
        {
            throw new ArgumentException("HostIssueUrl must be an absolute URL: Azure DevOps links to it from the work item.", nameof(request));
        }

        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(request.Project))
        {
            errors[CreateIssueFields.Project] = "Project is required.";
        }

        if (string.IsNullOrWhiteSpace(request.Title))
        {
            errors[CreateIssueFields.Title] = "Title is required.";
        }

        if (request.ParentWorkItemId is <= 0)
        {
            errors[CreateIssueFields.Parent] = "The parent must be a work item number (positive).";
        }

        string? groupTag = null;
        if (request.GroupKey is { } key)
        {
            if (string.IsNullOrWhiteSpace(key) || key.AsSpan().IndexOfAny(';', ',') >= 0 || key.Length > 300)
            {
                errors[CreateIssueFields.GroupKey] = "The group key must be non-blank, at most 300 characters, without ';' or ','.";
            }
            else
            {
                groupTag = GroupTagPrefix + key.Trim();
            }
        }

        if (errors.Count > 0)
        {
            throw new IssueIntegrationException(
                "The issue cannot be created: " + string.Join(" ", errors.Values),
                IssueIntegrationErrorKind.Validation,
                errors);
        }

        return (request.Project!.Trim(), TruncateTitle(request.Title!), groupTag);
    }

    internal static string TruncateTitle(string title)
    {
        if (title.Length <= TitleMaxLength)
        {
            return title;
        }

        var keep = TitleMaxLength - 3;
        if (char.IsHighSurrogate(title[keep - 1]))
        {
            keep--; // never split a surrogate pair
        }

        return string.Concat(title.AsSpan(0, keep), "...");
    }

    /// <summary>
    /// Reads (or takes from the cache) what a create of <paramref name="workItemType"/> in <paramref name="project"/>
    /// is checked against; without a type, the project's default type.
    /// </summary>
    /// <exception cref="IssueIntegrationException">The project has no such type, the type is disabled, or the project has no type to default to.</exception>
    internal async Task<CreateRules> GetCreateRulesAsync(string project, string? workItemType, CancellationToken cancellationToken)
    {
        var cache = _services.ProcessMetadata;
        var metadata = await cache.GetProjectAsync(_client, project, cancellationToken).ConfigureAwait(false);
        WorkItemTypeInfo type;
        if (NonBlank(workItemType) is { } wanted)
        {
            type = metadata.FindType(wanted.Trim()) ?? throw IssueIntegrationException.ForField(
                CreateIssueFields.WorkItemType,
                $"Project {project} has no work item type '{wanted}'; its types are: {string.Join(", ", metadata.CreatableTypes.Select(t => t.Name))}.");
            if (type.IsDisabled)
            {
                throw IssueIntegrationException.ForField(CreateIssueFields.WorkItemType, $"The work item type {type.Name} is disabled in project {project}.");
            }
        }
        else
        {
            type = metadata.DefaultType ?? throw IssueIntegrationException.ForField(
                CreateIssueFields.WorkItemType,
                $"Project {project} has no work item type to create: choose one.");
        }

        // One after the other: the same order every time (logs, traces, call transcripts).
        var fields = await cache.GetTypeFieldsAsync(_client, project, type.Name.Value, cancellationToken).ConfigureAwait(false);
        var definitions = await cache.GetFieldDefinitionsAsync(_client, cancellationToken).ConfigureAwait(false);
        return new CreateRules(project, type, metadata, fields, definitions);
    }

    /// <summary>The field values a create patch sets, by reference name.</summary>
    private static Dictionary<string, PatchValue> FieldValues(WorkItemPatch patch)
    {
        var values = new Dictionary<string, PatchValue>(StringComparer.OrdinalIgnoreCase);
        foreach (var operation in patch.Operations)
        {
            if (operation.Path.StartsWith(FieldPathPrefix, StringComparison.Ordinal))
            {
                values[JsonPointer.UnescapeSegment(operation.Path[FieldPathPrefix.Length..])] = operation.Value;
            }
        }

        return values;
    }

    private const string FieldPathPrefix = "/fields/";

    /// <summary>
    /// Sends the create. A rejection by a rule the cached metadata did not show (<c>TF401320</c>, <c>TF401347</c>,
    /// <c>TF51535</c>) becomes field errors and drops the cached metadata, so the next create reads it again; a
    /// parent that does not exist or cannot be linked becomes a <see cref="CreateIssueFields.Parent"/> error.
    /// </summary>
    private Task<WorkItem> CreateOnceAsync(CreateRules rules, WorkItemPatch patch, CancellationToken cancellationToken) =>
        Translate(async () =>
        {
            try
            {
                return await _client.WorkItems.CreateAsync(rules.Project, rules.Type.Name.Value, patch, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (VstsApiException ex) when (rules.RuleRejection(ex) is { } rejection)
            {
                _services.ProcessMetadata.Invalidate(_client, rules.Project, rules.Type.Name.Value);
                IssueSyncLog.CreateRuleRejected(_services.Logger, rules.Type.Name.Value, rules.Project, ex.ErrorCode);
                throw rejection;
            }
            catch (VstsApiException ex) when (patch.Operations.Any(o => o.Value.TryGetRelation(out var r) && r.Rel == WorkItemRelationType.Parent) && IsParentError(ex))
            {
                throw IssueIntegrationException.ForField(CreateIssueFields.Parent, "The parent work item does not exist or cannot be linked: " + (ex.ServiceMessage ?? ex.Message), ex);
            }
        });

    /// <summary>A work item that does not exist or that the caller may not read (<c>TF401232</c>), or a hierarchy link Azure DevOps refused (<c>TF201035</c>, <c>TF201036</c>).</summary>
    private static bool IsParentError(VstsApiException ex) =>
        ex.ErrorCode is "TF401232" or "TF201035" or "TF201036"
        || (ex.ServiceMessage ?? ex.Message) is { } text && (text.Contains("TF401232", StringComparison.Ordinal) || text.Contains("TF20103", StringComparison.Ordinal));

    /// <summary>Turns Azure DevOps' rule and identity errors into what the host can act on (reference §3.1).</summary>
    private static async Task<T> Translate<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (VstsApiException ex) when (IsRequiredFieldError(ex))
        {
            var text = ex.ServiceMessage ?? ex.Message;
            var match = RuleErrorField().Match(text);
            if (match.Success)
            {
                var field = match.Groups["field"].Value;
                throw IssueIntegrationException.ForField(field, $"{field} is required.", ex);
            }

            throw new IssueIntegrationException(text, ex);
        }
        catch (VstsApiException ex) when (ex.Kind != VstsErrorKind.Unauthorized
            && (ex.ServiceMessage ?? ex.Message).Contains(IdentityDeletedText, StringComparison.OrdinalIgnoreCase))
        {
            throw new VstsApiException(
                "The identity the integration uses was deleted in Microsoft Entra ID; reinstall or re-authorize the integration.",
                VstsErrorKind.Unauthorized,
                ex.StatusCode,
                ex.ErrorCode,
                ex.TypeKey,
                ex.ServiceMessage,
                ex.ActivityId,
                ex.RetryAfter,
                ex.Operation,
                ex);
        }
    }

    private static bool IsRequiredFieldError(VstsApiException ex) =>
        string.Equals(ex.ErrorCode, RequiredFieldErrorCode, StringComparison.OrdinalIgnoreCase)
        || (ex.ServiceMessage ?? ex.Message).Contains(RequiredFieldErrorCode, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"Error for field (?<field>[^.]+)\.", RegexOptions.CultureInvariant)]
    private static partial Regex RuleErrorField();

    private VstsCreateFormDefaults? PersistedDefaults(string? hostProjectId) =>
        hostProjectId is not null && _installation.CreateFormDefaults.TryGetValue(hostProjectId, out var defaults) ? defaults : null;

    private Uri GetIssueUrl(int id) => new(_client.Target.OrganizationUrl, "_workitems/edit/" + Key(id));

    private static string DisplayName(WorkItem item) => $"{item.AreaPath}#{Key(item.Id)}";

    private static IssueChoice Choice(int id, string? title) => new(Key(id), $"({Key(id)}) {title}");

    private static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static int ParseKey(string issueKey)
    {
        ArgumentNullException.ThrowIfNull(issueKey);
        return TryParseId(issueKey.Trim(), out var id)
            ? id
            : throw new ArgumentException($"'{issueKey}' is not a work item number.", nameof(issueKey));
    }

    private static bool TryParseId(string text, out int id) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
