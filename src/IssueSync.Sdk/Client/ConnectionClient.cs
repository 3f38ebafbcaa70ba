using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>The connection-data area over one connection.</summary>
internal sealed class ConnectionClient(VstsRequestSender sender) : IConnectionClient
{
    public Task<ConnectionData> GetConnectionDataAsync(CancellationToken cancellationToken = default)
    {
        var request = new VstsRequest(HttpMethod.Get, sender.OrganizationUri(VstsApiPaths.ConnectionData), VstsApiVersions.ConnectionData, "Connection.GetConnectionData", IsIdempotent: true);
        return sender.SendAsync(request, VstsJsonContext.Default.ConnectionData, cancellationToken);
    }
}
