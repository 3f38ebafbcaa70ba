using System.Text.Json.Serialization;

namespace IssueSync.Sdk.Client.Models;

/// <summary>What <c>_apis/connectionData</c> says about the caller and the organization.</summary>
public sealed record ConnectionData
{
    [JsonConstructor]
    internal ConnectionData()
    {
    }

    /// <summary>The identity the request authenticated as: the SDK's own identity for echo detection.</summary>
    [JsonInclude]
    public ConnectionIdentity? AuthenticatedUser { get; internal init; }

    /// <summary>The organization (collection) instance id.</summary>
    [JsonInclude]
    public string? InstanceId { get; internal init; }

    /// <summary>The deployment id.</summary>
    [JsonInclude]
    public string? DeploymentId { get; internal init; }

    /// <summary><c>hosted</c> for Azure DevOps Services, <c>onPremises</c> for Server.</summary>
    [JsonInclude]
    public string? DeploymentType { get; internal init; }
}
