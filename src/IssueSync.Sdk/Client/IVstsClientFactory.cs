namespace IssueSync.Sdk.Client;

/// <summary>Creates a client per organization and credential over the SDK's one shared HTTP pipeline.</summary>
public interface IVstsClientFactory
{
    /// <summary>
    /// Creates a client for <paramref name="connection"/>. Cheap and thread-safe: no connection
    /// pool is created; the connection travels to the handlers with each request.
    /// </summary>
    /// <param name="connection">The organization and credential.</param>
    /// <returns>The client.</returns>
    IVstsClient CreateClient(VstsConnection connection);
}
