namespace IssueSync.Sdk.Client.Models;

/// <summary>An Azure DevOps organization a user can reach, from the Accounts API.</summary>
public sealed record VstsAccount
{
    internal VstsAccount(string accountId, string accountName, string? accountUri)
    {
        AccountId = accountId;
        AccountName = accountName;
        AccountUri = accountUri;
    }

    /// <summary>The organization (collection) id.</summary>
    public string AccountId { get; }

    /// <summary>The organization name.</summary>
    public string AccountName { get; }

    /// <summary>The account URI as Azure DevOps reports it (not necessarily the organization base URL; resolve that through <see cref="IVstsAccountClient"/>).</summary>
    public string? AccountUri { get; }
}
