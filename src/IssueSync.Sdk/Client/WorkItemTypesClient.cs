using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>The work item types area over one connection.</summary>
internal sealed class WorkItemTypesClient(VstsRequestSender sender) : IWorkItemTypesClient
{
    public async Task<IReadOnlyList<WorkItemTypeState>> GetStatesAsync(string project, string workItemType, CancellationToken cancellationToken = default)
    {
        var uri = sender.OrganizationUri(VstsApiPaths.WorkItemTypeStates(project, workItemType));
        var request = new VstsRequest(HttpMethod.Get, uri, VstsApiVersions.WorkItemTypeStates, "WorkItemTypes.GetStates", IsIdempotent: true);
        var list = await sender.SendAsync(request, VstsJsonContext.Default.VstsListResponseWorkItemTypeState, cancellationToken).ConfigureAwait(false);
        return list.Items;
    }

    public async Task<IReadOnlyList<WorkItemTypeCategory>> GetCategoriesAsync(string project, CancellationToken cancellationToken = default)
    {
        var uri = sender.OrganizationUri(VstsApiPaths.WorkItemTypeCategories(project));
        var request = new VstsRequest(HttpMethod.Get, uri, VstsApiVersions.WorkItemTypeCategories, "WorkItemTypes.GetCategories", IsIdempotent: true);
        var list = await sender.SendAsync(request, VstsJsonContext.Default.VstsListResponseWorkItemTypeCategory, cancellationToken).ConfigureAwait(false);
        return list.Items;
    }

    public async Task<IReadOnlyList<WorkItemTypeInfo>> ListAsync(string project, CancellationToken cancellationToken = default)
    {
        var uri = sender.OrganizationUri(VstsApiPaths.WorkItemTypes(project));
        var request = new VstsRequest(HttpMethod.Get, uri, VstsApiVersions.WorkItemTypes, "WorkItemTypes.List", IsIdempotent: true);
        var list = await sender.SendAsync(request, VstsJsonContext.Default.VstsListResponseWorkItemTypeWire, cancellationToken).ConfigureAwait(false);
        return [.. list.Items.Select(static t => t.ToModel()).Where(static t => t is not null).Select(static t => t!)];
    }

    public async Task<IReadOnlyList<WorkItemTypeField>> GetFieldsAsync(string project, string workItemType, CancellationToken cancellationToken = default)
    {
        var uri = sender.OrganizationUri(VstsApiPaths.WorkItemTypeFields(project, workItemType), new VstsQuery().Add("$expand", "all"));
        var request = new VstsRequest(HttpMethod.Get, uri, VstsApiVersions.WorkItemTypeFields, "WorkItemTypes.GetFields", IsIdempotent: true);
        var list = await sender.SendAsync(request, VstsJsonContext.Default.VstsListResponseWorkItemTypeFieldWire, cancellationToken).ConfigureAwait(false);
        return [.. list.Items.Select(static f => f.ToModel()).Where(static f => f is not null).Select(static f => f!)];
    }
}
