using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Patch;

namespace IssueSync.Sdk.Client;

/// <summary>The work item area over one connection.</summary>
internal sealed class WorkItemsClient(VstsRequestSender sender) : IWorkItemsClient
{
    /// <summary>Azure DevOps' limit of ids per batch read (VS403474 above it).</summary>
    internal const int BatchSize = 200;

    public Task<WorkItem> GetAsync(int id, GetWorkItemOptions? options = null, CancellationToken cancellationToken = default) =>
        GetCoreAsync(id, options, inOperation: false, cancellationToken);

    private Task<WorkItem> GetCoreAsync(int id, GetWorkItemOptions? options, bool inOperation, CancellationToken cancellationToken)
    {
        options?.Validate();
        var query = new VstsQuery()
            .Add("fields", options?.Fields is { Count: > 0 } fields ? string.Join(',', fields) : null)
            .Add("asOf", options?.AsOf?.ToString("O", CultureInfo.InvariantCulture))
            .Add("$expand", ExpandValue(options?.Expand));
        var request = new VstsRequest(HttpMethod.Get, sender.OrganizationUri(VstsApiPaths.WorkItem(id), query), VstsApiVersions.WorkItems, "WorkItems.Get", IsIdempotent: true, WorkItemId: id, InOperation: inOperation);
        return sender.SendAsync(request, VstsJsonContext.Default.WorkItem, cancellationToken);
    }

    public Task<WorkItem> CreateAsync(string project, string workItemType, WorkItemPatch patch, WorkItemWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(project);
        ArgumentException.ThrowIfNullOrWhiteSpace(workItemType);
        ArgumentNullException.ThrowIfNull(patch);
        var uri = sender.OrganizationUri(VstsApiPaths.CreateWorkItem(project, workItemType), WriteQuery(options));
        // A create whose answer is lost may have landed: never resend it blindly.
        var request = new VstsRequest(HttpMethod.Post, uri, VstsApiVersions.WorkItems, "WorkItems.Create", IsIdempotent: false, VstsContent.Patch(patch));
        return sender.SendAsync(request, VstsJsonContext.Default.WorkItem, cancellationToken);
    }

    public Task<WorkItem> UpdateAsync(int id, WorkItemPatch patch, WorkItemWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var uri = sender.OrganizationUri(VstsApiPaths.WorkItem(id), WriteQuery(options));
        // Guarded by test /rev, a resend cannot apply twice: the second attempt fails the test.
        var guarded = patch.TestedRevision is not null;
        if (!guarded || options?.ValidateOnly == true)
        {
            var request = new VstsRequest(HttpMethod.Patch, uri, VstsApiVersions.WorkItems, "WorkItems.Update", IsIdempotent: guarded, VstsContent.Patch(patch), WorkItemId: id);
            return sender.SendAsync(request, VstsJsonContext.Default.WorkItem, cancellationToken);
        }

        // A guarded update may need a re-read: the update and the re-read are one operation, so a
        // 412 it recovers from is neither traced nor logged as a failure.
        return sender.RunOperationAsync("WorkItems.Update", id, () => UpdateGuardedAsync(id, uri, patch, cancellationToken));
    }

    private async Task<WorkItem> UpdateGuardedAsync(int id, Uri uri, WorkItemPatch patch, CancellationToken cancellationToken)
    {
        var attempts = new VstsAttemptState();
        var request = new VstsRequest(HttpMethod.Patch, uri, VstsApiVersions.WorkItems, "WorkItems.Update", IsIdempotent: true, VstsContent.Patch(patch), attempts, id, InOperation: true);
        try
        {
            return await sender.SendAsync(request, VstsJsonContext.Default.WorkItem, cancellationToken).ConfigureAwait(false);
        }
        catch (VstsApiException ex) when (ex.StatusCode == HttpStatusCode.PreconditionFailed && attempts.EarlierAttemptMayHaveLanded)
        {
            // The retry's test /rev failed, but an earlier attempt that got no answer may be the
            // change that moved the revision on: if the item holds what was written, it landed.
            var current = await GetCoreAsync(id, options: null, inOperation: true, cancellationToken).ConfigureAwait(false);
            if (current.Revision > patch.TestedRevision && WorkItemPatchComparer.HoldsWrittenValues(patch, current))
            {
                return current;
            }

            throw;
        }
    }

    public Task DeleteAsync(int id, bool destroy = false, CancellationToken cancellationToken = default)
    {
        var uri = sender.OrganizationUri(VstsApiPaths.WorkItem(id), new VstsQuery().AddFlag("destroy", destroy));
        var request = new VstsRequest(HttpMethod.Delete, uri, VstsApiVersions.WorkItems, "WorkItems.Delete", IsIdempotent: true, WorkItemId: id);
        return sender.SendAsync(request, cancellationToken);
    }

    public Task<IReadOnlyList<WorkItem>> GetBatchAsync(IReadOnlyCollection<int> ids, GetWorkItemOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        options?.Validate();
        // One span over every chunk.
        return sender.RunOperationAsync("WorkItems.GetBatch", workItemId: null, () => GetBatchCoreAsync(ids, options, cancellationToken));
    }

    private async Task<IReadOnlyList<WorkItem>> GetBatchCoreAsync(IReadOnlyCollection<int> ids, GetWorkItemOptions? options, CancellationToken cancellationToken)
    {
        var distinct = ids.Distinct().ToArray();
        var result = new List<WorkItem>(distinct.Length);
        foreach (var chunk in distinct.Chunk(BatchSize))
        {
            result.AddRange(await GetChunkAsync(chunk, options, cancellationToken).ConfigureAwait(false));
        }

        return result;
    }

    public Task<IReadOnlyList<DeletedWorkItem>> GetDeletedAsync(string project, IReadOnlyCollection<int> ids, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(project);
        ArgumentNullException.ThrowIfNull(ids);
        return sender.RunOperationAsync("WorkItems.GetDeleted", workItemId: null, () => GetDeletedCoreAsync(project, ids, cancellationToken));
    }

    private async Task<IReadOnlyList<DeletedWorkItem>> GetDeletedCoreAsync(string project, IReadOnlyCollection<int> ids, CancellationToken cancellationToken)
    {
        var result = new List<DeletedWorkItem>();
        foreach (var chunk in ids.Distinct().Chunk(BatchSize))
        {
            var query = new VstsQuery().Add("ids", string.Join(',', chunk.Select(static id => id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            var request = new VstsRequest(
                HttpMethod.Get,
                sender.OrganizationUri(VstsApiPaths.RecycleBin(project), query),
                VstsApiVersions.RecycleBin,
                "WorkItems.GetDeleted",
                IsIdempotent: true,
                InOperation: true);
            var list = await sender.SendAsync(request, VstsJsonContext.Default.VstsListResponseDeletedWorkItem, cancellationToken).ConfigureAwait(false);

            // A batch answers ids it does not hold with their own status (404) instead of failing.
            result.AddRange(list.Items.Where(static d => d.Id > 0 && d.Code is null or (>= 200 and < 300)));
        }

        return result;
    }

    public Task<WiqlResult> QueryIdsAsync(string wiql, string? project = null, int? top = null, CancellationToken cancellationToken = default) =>
        QueryIdsCoreAsync(wiql, project, top, inOperation: false, cancellationToken);

    private Task<WiqlResult> QueryIdsCoreAsync(string wiql, string? project, int? top, bool inOperation, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(wiql);
        if (top is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(top), top, "top must be positive.");
        }

        var uri = sender.OrganizationUri(VstsApiPaths.Wiql(project), new VstsQuery().Add("$top", top));
        var body = VstsContent.Json(new WiqlRequest { Query = wiql }, VstsJsonContext.Default.WiqlRequest);
        // A WIQL POST only reads.
        var request = new VstsRequest(HttpMethod.Post, uri, VstsApiVersions.Wiql, "WorkItems.Query", IsIdempotent: true, body, InOperation: inOperation);
        return sender.SendAsync(request, VstsJsonContext.Default.WiqlResult, cancellationToken);
    }

    public IAsyncEnumerable<WorkItem> QueryAsync(string wiql, string? project = null, GetWorkItemOptions? options = null, CancellationToken cancellationToken = default) =>
        // One span over the query and every chunk read.
        sender.RunOperationAsync("WorkItems.Query", workItemId: null, ct => QueryCoreAsync(wiql, project, options, ct), cancellationToken);

    private async IAsyncEnumerable<WorkItem> QueryCoreAsync(string wiql, string? project, GetWorkItemOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        options?.Validate();
        var ids = await QueryIdsCoreAsync(wiql, project, top: null, inOperation: true, cancellationToken).ConfigureAwait(false);
        foreach (var chunk in ids.WorkItems.Select(static w => w.Id).Distinct().Chunk(BatchSize))
        {
            foreach (var item in await GetChunkAsync(chunk, options, cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
    }

    private async Task<IReadOnlyList<WorkItem>> GetChunkAsync(int[] ids, GetWorkItemOptions? options, CancellationToken cancellationToken)
    {
        var body = new WorkItemsBatchRequest
        {
            Ids = ids,
            Fields = options?.Fields is { Count: > 0 } fields ? fields : null,
            Expand = ExpandValue(options?.Expand),
            AsOf = options?.AsOf,
        };
        var request = new VstsRequest(
            HttpMethod.Post,
            sender.OrganizationUri(VstsApiPaths.WorkItemsBatch(project: null)),
            VstsApiVersions.WorkItemsBatch,
            "WorkItems.GetBatch",
            IsIdempotent: true, // a batch POST only reads
            VstsContent.Json(body, VstsJsonContext.Default.WorkItemsBatchRequest),
            InOperation: true); // a chunk of GetBatch or Query, which trace the whole operation
        var list = await sender.SendAsync(request, VstsJsonContext.Default.VstsListResponseWorkItem, cancellationToken).ConfigureAwait(false);
        return list.Items;
    }

    private static VstsQuery WriteQuery(WorkItemWriteOptions? options) => new VstsQuery()
        .AddFlag("validateOnly", options?.ValidateOnly == true)
        .AddFlag("bypassRules", options?.BypassRules == true)
        .AddFlag("suppressNotifications", options?.SuppressNotifications == true)
        .Add("$expand", ExpandValue(options?.Expand));

    private static string? ExpandValue(WorkItemExpand? expand) => expand switch
    {
        null or WorkItemExpand.None => null,
        WorkItemExpand.Relations => "relations",
        WorkItemExpand.Fields => "fields",
        WorkItemExpand.Links => "links",
        WorkItemExpand.All => "all",
        _ => throw new ArgumentOutOfRangeException(nameof(expand), expand, "Unknown expand value."),
    };
}
