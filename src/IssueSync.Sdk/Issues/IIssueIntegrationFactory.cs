using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;

namespace IssueSync.Sdk.Issues;

/// <summary>Makes an <see cref="IIssueIntegration"/> per installation. Registered by <c>AddVstsIssueSync</c>.</summary>
public interface IIssueIntegrationFactory
{
    /// <summary>Binds an issue integration to one installation. Cheap; no call is made.</summary>
    /// <param name="installation">The installation (its persisted create-form defaults are read from it).</param>
    /// <param name="connection">The organization and credential to talk to.</param>
    /// <returns>The issue integration.</returns>
    IIssueIntegration Create(VstsInstallation installation, VstsConnection connection);
}
