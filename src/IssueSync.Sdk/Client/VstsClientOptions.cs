namespace IssueSync.Sdk.Client;

/// <summary>
/// The settings the SDK's REST clients (<see cref="IVstsClientFactory"/>, <see cref="IVstsAccountClient"/>)
/// read. Produced from <see cref="VstsIssueSyncOptions"/> (section <c>IssueSync:Vsts</c>), where a
/// host sets them; read through <c>IOptionsMonitor</c>, so a configuration reload reaches new
/// requests.
/// </summary>
public sealed class VstsClientOptions
{
    /// <summary>
    /// The name of the <see cref="HttpClient"/> the SDK sends every Azure DevOps request through
    /// (configure a proxy or an extra handler on it through <c>IVstsIssueSyncBuilder.HttpClientBuilder</c>).
    /// </summary>
    public const string HttpClientName = "IssueSync.Sdk.Vsts";

    /// <summary>
    /// An application name added to the <c>User-Agent</c> of every request
    /// (<see cref="VstsIssueSyncOptions.ApplicationName"/>).
    /// </summary>
    public string? ApplicationName { get; set; }
}
