using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;

namespace IssueSync.Sdk.Tests.Repositories;

/// <summary>A client of one organization whose only area is <see cref="IVstsClient.Git"/>, which the test supplies (or none).</summary>
internal sealed class GitOnlyClient(Uri organizationUrl, IGitClient? git = null) : IVstsClient
{
    public VstsConnection Target { get; } = new(organizationUrl, VstsCredential.PersonalAccessToken("pat"));

    public IGitClient Git => git ?? throw new NotSupportedException("This test makes no Git call.");

    public IWorkItemsClient WorkItems => throw new NotSupportedException();

    public IWorkItemTypesClient WorkItemTypes => throw new NotSupportedException();

    public IProjectsClient Projects => throw new NotSupportedException();

    public IGraphClient Graph => throw new NotSupportedException();

    public ISearchClient Search => throw new NotSupportedException();

    public IConnectionClient Connection => throw new NotSupportedException();

    public ICommentsClient Comments => throw new NotSupportedException();

    public ISubscriptionsClient Subscriptions => throw new NotSupportedException();

    public IReportingClient Reporting => throw new NotSupportedException();
}
