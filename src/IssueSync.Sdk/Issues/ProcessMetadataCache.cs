using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Sync;

namespace IssueSync.Sdk.Issues;

/// <summary>
/// What a create is checked against, read from Azure DevOps and kept for a time to live
/// (<see cref="VstsOutboundSyncOptions.ProcessMetadataTimeToLive"/>): per organization the field
/// definitions, per organization + project the types, categories and area/iteration paths, per
/// organization + project + type the type's fields with their rules. Concurrent callers of one entry
/// share one read; a failed read is not kept. <see cref="Invalidate"/> drops what a rejected create
/// showed to be stale, so the next create reads it again. A singleton (inside <see cref="IssueSyncServices"/>).
/// </summary>
/// <param name="timeProvider">The clock entries age by.</param>
/// <param name="timeToLive">The current time to live (read on every lookup, so a configuration reload applies).</param>
internal sealed class ProcessMetadataCache(TimeProvider timeProvider, Func<TimeSpan> timeToLive)
{
    /// <summary>How deep the area and iteration trees are read: Azure DevOps allows 14 levels below the root.</summary>
    internal const int ClassificationDepth = 14;

    private readonly SharedReads<string, IReadOnlyDictionary<string, WorkItemFieldDefinition>> _fieldDefinitions = new(StringComparer.OrdinalIgnoreCase);
    private readonly SharedReads<string, ProjectProcessMetadata> _projects = new(StringComparer.OrdinalIgnoreCase);
    private readonly SharedReads<string, IReadOnlyList<WorkItemTypeField>> _typeFields = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The organization's field definitions by reference name (case-insensitive).</summary>
    public Task<IReadOnlyDictionary<string, WorkItemFieldDefinition>> GetFieldDefinitionsAsync(IVstsClient client, CancellationToken cancellationToken) =>
        _fieldDefinitions.GetAsync(Key(client), Now, timeToLive(), () => LoadFieldDefinitionsAsync(client), cancellationToken);

    /// <summary>A project's types, categories and area/iteration paths.</summary>
    public Task<ProjectProcessMetadata> GetProjectAsync(IVstsClient client, string project, CancellationToken cancellationToken) =>
        _projects.GetAsync(Key(client, project), Now, timeToLive(), () => LoadProjectAsync(client, project), cancellationToken);

    /// <summary>A type's fields with their rules.</summary>
    public Task<IReadOnlyList<WorkItemTypeField>> GetTypeFieldsAsync(IVstsClient client, string project, string workItemType, CancellationToken cancellationToken) =>
        _typeFields.GetAsync(Key(client, project, workItemType), Now, timeToLive(), () => client.WorkItemTypes.GetFieldsAsync(project, workItemType, CancellationToken.None), cancellationToken);

    /// <summary>
    /// Forgets everything a create of <paramref name="workItemType"/> in <paramref name="project"/> was
    /// checked against (the type's fields, the project's paths and types, the field definitions): Azure
    /// DevOps rejected it by a rule these did not show.
    /// </summary>
    public void Invalidate(IVstsClient client, string project, string workItemType)
    {
        _typeFields.Remove(Key(client, project, workItemType));
        _projects.Remove(Key(client, project));
        _fieldDefinitions.Remove(Key(client));
    }

    private DateTimeOffset Now => timeProvider.GetUtcNow();

    private static string Key(IVstsClient client, params string[] parts) =>
        string.Join('\u001f', [client.Target.OrganizationUrl.AbsoluteUri, .. parts]);

    private static async Task<IReadOnlyDictionary<string, WorkItemFieldDefinition>> LoadFieldDefinitionsAsync(IVstsClient client)
    {
        var fields = await client.Fields.ListAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
        var map = new Dictionary<string, WorkItemFieldDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in fields)
        {
            map.TryAdd(field.ReferenceName, field);
        }

        return map;
    }

    /// <summary>
    /// Reads one after the other, in a fixed order (types, categories, areas, iterations): a cold read is rare
    /// (once per time to live), and a fixed order keeps logs, traces and transcripts the same every time.
    /// </summary>
    private static async Task<ProjectProcessMetadata> LoadProjectAsync(IVstsClient client, string project)
    {
        var types = await client.WorkItemTypes.ListAsync(project, CancellationToken.None).ConfigureAwait(false);
        var categories = await client.WorkItemTypes.GetCategoriesAsync(project, CancellationToken.None).ConfigureAwait(false);
        var areas = await client.ClassificationNodes.GetTreeAsync(project, ClassificationStructure.Areas, ClassificationDepth, CancellationToken.None).ConfigureAwait(false);
        var iterations = await client.ClassificationNodes.GetTreeAsync(project, ClassificationStructure.Iterations, ClassificationDepth, CancellationToken.None).ConfigureAwait(false);
        return new ProjectProcessMetadata(
            types,
            categories,
            [.. areas.DescendantsAndSelf().Select(static n => n.WorkItemPath)],
            [.. iterations.DescendantsAndSelf().Select(static n => n.WorkItemPath)]);
    }
}

/// <summary>What a project's process offers a create: its types, their categories and the area and iteration paths.</summary>
/// <param name="Types">Every type, disabled ones included.</param>
/// <param name="Categories">The type categories.</param>
/// <param name="AreaPaths">Every area path in work item form (<c>Project\Area</c>), root first.</param>
/// <param name="IterationPaths">Every iteration path in work item form, root first.</param>
internal sealed record ProjectProcessMetadata(
    IReadOnlyList<WorkItemTypeInfo> Types,
    IReadOnlyList<WorkItemTypeCategory> Categories,
    IReadOnlyList<string> AreaPaths,
    IReadOnlyList<string> IterationPaths)
{
    /// <summary>The category whose types people never create by hand (test plans, code reviews, ...).</summary>
    internal const string HiddenCategory = "Microsoft.HiddenCategory";

    /// <summary>The types a person can create: not disabled, not hidden; in Azure DevOps' order.</summary>
    public IReadOnlyList<WorkItemTypeInfo> CreatableTypes
    {
        get
        {
            var hidden = Categories
                .Where(static c => string.Equals(c.ReferenceName, HiddenCategory, StringComparison.OrdinalIgnoreCase))
                .SelectMany(static c => c.WorkItemTypes)
                .Select(static t => t.Name)
                .ToHashSet();
            return [.. Types.Where(t => !t.IsDisabled && !hidden.Contains(t.Name))];
        }
    }

    /// <summary>A type by reference name or name, case-insensitive.</summary>
    public WorkItemTypeInfo? FindType(string nameOrReferenceName) =>
        Types.FirstOrDefault(t => string.Equals(t.ReferenceName, nameOrReferenceName, StringComparison.OrdinalIgnoreCase))
        ?? Types.FirstOrDefault(t => string.Equals(t.Name.Value, nameOrReferenceName, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The type a create without one uses: the Bug category's default type (<c>Microsoft.BugCategory</c>),
    /// else the Requirement category's (<c>Microsoft.RequirementCategory</c>, e.g. Basic's Issue), else the
    /// first creatable type; only a creatable one.
    /// </summary>
    public WorkItemTypeInfo? DefaultType
    {
        get
        {
            var creatable = CreatableTypes;
            foreach (var category in (string[])["Microsoft.BugCategory", "Microsoft.RequirementCategory"])
            {
                var name = Categories.FirstOrDefault(c => string.Equals(c.ReferenceName, category, StringComparison.OrdinalIgnoreCase))?.DefaultWorkItemType?.Name;
                if (name is { } typeName && creatable.FirstOrDefault(t => t.Name == typeName) is { } type)
                {
                    return type;
                }
            }

            return creatable.Count > 0 ? creatable[0] : null;
        }
    }

    /// <summary>Finds an area path (case-insensitive), giving it as Azure DevOps spells it.</summary>
    public string? FindAreaPath(string path) => Find(AreaPaths, path);

    /// <summary>Finds an iteration path (case-insensitive), giving it as Azure DevOps spells it.</summary>
    public string? FindIterationPath(string path) => Find(IterationPaths, path);

    private static string? Find(IReadOnlyList<string> paths, string path)
    {
        var wanted = path.Trim().Trim('\\');
        return paths.FirstOrDefault(p => string.Equals(p, wanted, StringComparison.OrdinalIgnoreCase));
    }
}
