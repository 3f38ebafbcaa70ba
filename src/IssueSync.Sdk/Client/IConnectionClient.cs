using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Client;

/// <summary>Who the connection authenticates as.</summary>
public interface IConnectionClient
{
    /// <summary>Reads <c>_apis/connectionData</c>: the authenticated identity and the organization instance id.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The connection data.</returns>
    Task<ConnectionData> GetConnectionDataAsync(CancellationToken cancellationToken = default);
}
