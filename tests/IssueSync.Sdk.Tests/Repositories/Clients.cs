using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Repositories;
using Microsoft.Extensions.DependencyInjection;

namespace IssueSync.Sdk.Tests.Repositories;

/// <summary>Repository providers over the SDK's real client of an organization, for tests that make no call.</summary>
internal static class Clients
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddVstsIssueSync(_ => { }).Services.BuildServiceProvider();

    public static RepositoryProvider Provider(string organizationUrl, VstsRepositoryOptions? options = null) =>
        new(
            Services.GetRequiredService<IVstsClientFactory>().CreateClient(new VstsConnection(new Uri(organizationUrl), VstsCredential.PersonalAccessToken("pat"))),
            options ?? new VstsRepositoryOptions());
}
