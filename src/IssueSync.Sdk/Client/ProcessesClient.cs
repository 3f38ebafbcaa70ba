using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>The processes area over one connection.</summary>
internal sealed class ProcessesClient(VstsRequestSender sender) : IProcessesClient
{
    public async Task<WorkProcess> GetAsync(string processTypeId, CancellationToken cancellationToken = default)
    {
        var request = new VstsRequest(HttpMethod.Get, sender.OrganizationUri(VstsApiPaths.Process(processTypeId)), VstsApiVersions.Processes, "Processes.Get", IsIdempotent: true);
        var process = await sender.SendAsync(request, VstsJsonContext.Default.WorkProcessWire, cancellationToken).ConfigureAwait(false);
        return process.ToModel();
    }
}
