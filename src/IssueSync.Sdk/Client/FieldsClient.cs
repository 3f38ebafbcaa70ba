using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>The field definitions area over one connection.</summary>
internal sealed class FieldsClient(VstsRequestSender sender) : IFieldsClient
{
    public async Task<IReadOnlyList<WorkItemFieldDefinition>> ListAsync(string? project = null, CancellationToken cancellationToken = default)
    {
        var request = new VstsRequest(HttpMethod.Get, sender.OrganizationUri(VstsApiPaths.Fields(project)), VstsApiVersions.Fields, "Fields.List", IsIdempotent: true);
        var list = await sender.SendAsync(request, VstsJsonContext.Default.VstsListResponseWorkItemFieldWire, cancellationToken).ConfigureAwait(false);
        return [.. list.Items.Select(static f => f.ToModel()).Where(static f => f is not null).Select(static f => f!)];
    }
}
