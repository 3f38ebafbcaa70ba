namespace IssueSync.Sdk.Tests.Client;

public sealed class ConnectionClientTests : ClientTestBase
{
    private const string Url = ClientTestHarness.OrganizationUrl + "_apis/connectionData";

    [Fact]
    public async Task Connection_data_is_read_with_the_preview_version()
    {
        Harness.ExpectJson(HttpMethod.Get, Url, VstsFixtures.ConnectionData("8d6a4c2e-1b3f-4a5d-9e7f-0a1b2c3d4e5f"));

        var data = await Harness.Client.Connection.GetConnectionDataAsync();

        var sent = Harness.AssertSingleSent(HttpMethod.Get, Url, apiVersion: "7.1-preview.1");
        Assert.Equal("Connection.GetConnectionData", sent.Operation);
        Assert.True(sent.IsIdempotent);
        Assert.NotNull(data.AuthenticatedUser);
        Assert.Equal("8d6a4c2e-1b3f-4a5d-9e7f-0a1b2c3d4e5f", data.AuthenticatedUser.Id);
        Assert.Equal("aad.NzJmOTg4YmYtODZmMS03MWFmLTkxYWItMmQ3Y2QwMTFkYjQ3", data.AuthenticatedUser.SubjectDescriptor);
        Assert.Equal("Jamal Hartnett", data.AuthenticatedUser.ProviderDisplayName);
        Assert.True(data.AuthenticatedUser.IsActive);
        Assert.Equal("80ded3e8-3cd3-43b1-9f96-52032624aa3a", data.InstanceId);
        Assert.Equal("hosted", data.DeploymentType);
    }

    [Fact]
    public async Task Reference_setup_fixture_with_only_a_subject_descriptor_is_read()
    {
        // sentry-vsts-behaviour.md §9.2: connectionData {"authenticatedUser": {"subjectDescriptor": <account id>}}.
        Harness.ExpectJson(HttpMethod.Get, Url, """{"authenticatedUser":{"subjectDescriptor":"80ded3e8-3cd3-43b1-9f96-52032624aa3a"}}""");

        var data = await Harness.Client.Connection.GetConnectionDataAsync();

        Assert.NotNull(data.AuthenticatedUser);
        Assert.Equal(string.Empty, data.AuthenticatedUser.Id);
        Assert.Equal("80ded3e8-3cd3-43b1-9f96-52032624aa3a", data.AuthenticatedUser.SubjectDescriptor);
        Assert.Null(data.InstanceId);
    }
}
