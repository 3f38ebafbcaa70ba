using Azure.Core;

namespace IssueSync.Sdk.Auth;

/// <summary>An app identity credential wrapping an Azure.Core <see cref="TokenCredential"/>.</summary>
public sealed class AppIdentityCredential : VstsCredential
{
    /// <summary>The Azure DevOps resource scope app identities request.</summary>
    public const string AzureDevOpsScope = "499b84ac-1321-427f-aa17-267ca6975798/.default";

    internal AppIdentityCredential(TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        Credential = credential;
    }

    /// <summary>The token source.</summary>
    public TokenCredential Credential { get; }

    /// <summary>Shows the token source's type, never a token.</summary>
    /// <returns>A description.</returns>
    public override string ToString() => $"AppIdentity({Credential.GetType().Name})";
}
