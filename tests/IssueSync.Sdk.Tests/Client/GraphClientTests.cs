using System.Net;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Client;

public sealed class GraphClientTests : IDisposable
{
    private const string UsersUrl = "https://vssps.dev.azure.com/fabrikam/_apis/graph/users";

    // GET_USERS_RESPONSE from the reference fixtures, over three pages: three service identities
    // with an empty mailAddress, then one Entra user.
    private const string Page1 = """
        {"count":2,"value":[
          {"subjectKind":"user","metaType":"member","domain":"Build","principalName":"51ac8d19-6694-459f-a65e-bec30e9e2e33","mailAddress":"","origin":"vsts","originId":"ec09a4d8-d914-4f28-9e39-23d52b683f90","displayName":"Project Collection Build Service (Fabrikam)","_links":{"self":{"href":"https://vssps.dev.azure.com/fabrikam/_apis/Graph/Users/svc.ZWMwOWE0ZDg"}},"url":"https://vssps.dev.azure.com/fabrikam/_apis/Graph/Users/svc.ZWMwOWE0ZDg","descriptor":"svc.ZWMwOWE0ZDg"},
          {"subjectKind":"user","metaType":"member","domain":"Build","principalName":"c0bf429a-c03c-4a99-9336-d45be74db5a6","mailAddress":"","origin":"vsts","originId":"80ded3e8-3cd3-43b1-9f96-52032624aa3a","displayName":"Fabrikam Build Service (fabrikam)","url":"https://vssps.dev.azure.com/fabrikam/_apis/Graph/Users/svc.ODBkZWQzZTg","descriptor":"svc.ODBkZWQzZTg"}]}
        """;

    private const string Page2 = """
        {"count":1,"value":[
          {"subjectKind":"user","metaType":"member","domain":"LOCAL AUTHORITY","principalName":"TeamFoundationService (TEAM FOUNDATION)","mailAddress":"","origin":"vsts","originId":"00ca946b-2fe9-4f2a-ae2f-40d5c48001bc","displayName":"TeamFoundationService (TEAM FOUNDATION)","url":"https://vssps.dev.azure.com/fabrikam/_apis/Graph/Users/svc.MDBjYTk0NmI","descriptor":"svc.MDBjYTk0NmI"}]}
        """;

    private const string Page3 = """
        {"count":1,"value":[
          {"subjectKind":"user","metaType":"member","directoryAlias":"ftotten","domain":"4c1b2dc9-0e3c-43f1-9bb5-5c2fb16c3c08","principalName":"ftotten@vscsi.us","mailAddress":"ftotten@vscsi.us","origin":"aad","originId":"e02b5a7a-6c4f-74c0-a7ce-29292d784d4a","displayName":"Francis Totten","url":"https://vssps.dev.azure.com/fabrikam/_apis/Graph/Users/aad.ZTAyYjVhN2E","descriptor":"aad.ZTAyYjVhN2E"}]}
        """;

    private readonly AreaTestHarnessA _harness = new();

    [Fact]
    public async Task ListUsersAsync_FollowsTheContinuationHeaderUntilAPageComesWithoutOne()
    {
        _harness.Expect(HttpMethod.Get, UsersUrl, "7.1-preview.1")
            .Respond([new("X-MS-ContinuationToken", "page2+token=")], "application/json", Page1);
        _harness.Expect(HttpMethod.Get, UsersUrl + "?continuationToken=page2%2Btoken%3D", "7.1-preview.1")
            .Respond([new("X-MS-ContinuationToken", "page3")], "application/json", Page2);
        _harness.Expect(HttpMethod.Get, UsersUrl + "?continuationToken=page3", "7.1-preview.1")
            .Respond("application/json", Page3);

        var users = await _harness.CreateClient().Graph.ListUsersAsync().ToListAsync();

        _harness.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal(
            ["svc.ZWMwOWE0ZDg", "svc.ODBkZWQzZTg", "svc.MDBjYTk0NmI", "aad.ZTAyYjVhN2E"],
            users.Select(u => u.Descriptor));
        Assert.All(users.Take(3), u => Assert.Equal(string.Empty, u.MailAddress));
        var person = users[3];
        Assert.Equal("Francis Totten", person.DisplayName);
        Assert.Equal("ftotten@vscsi.us", person.MailAddress);
        Assert.Equal("ftotten@vscsi.us", person.PrincipalName);
        Assert.Equal("aad", person.Origin);
        Assert.Equal("e02b5a7a-6c4f-74c0-a7ce-29292d784d4a", person.OriginId);
        Assert.Equal("user", person.SubjectKind);
        Assert.Equal("4c1b2dc9-0e3c-43f1-9bb5-5c2fb16c3c08", person.Domain);
        Assert.Equal("https://vssps.dev.azure.com/fabrikam/_apis/Graph/Users/aad.ZTAyYjVhN2E", person.Url);
    }

    [Fact]
    public async Task ListUsersAsync_SendsSubjectTypesOnEveryPage()
    {
        _harness.Expect(HttpMethod.Get, UsersUrl + "?subjectTypes=aad%2Cmsa", "7.1-preview.1")
            .Respond([new("X-MS-ContinuationToken", "next")], "application/json", Page1);
        _harness.Expect(HttpMethod.Get, UsersUrl + "?subjectTypes=aad%2Cmsa&continuationToken=next", "7.1-preview.1")
            .Respond("application/json", Page3);

        var users = await _harness.CreateClient().Graph.ListUsersAsync("aad,msa").ToListAsync();

        _harness.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal(3, users.Count);
    }

    [Theory]
    [InlineData("https://dev.azure.com/fabrikam/", "https://vssps.dev.azure.com/fabrikam/_apis/graph/users")]
    [InlineData("https://dev.azure.com/fabrikam", "https://vssps.dev.azure.com/fabrikam/_apis/graph/users")]
    [InlineData("https://fabrikam.visualstudio.com/", "https://fabrikam.vssps.visualstudio.com/_apis/graph/users")]
    [InlineData("https://tfs.contoso.com/tfs/DefaultCollection/", "https://tfs.contoso.com/tfs/DefaultCollection/_apis/graph/users")]
    public async Task ListUsersAsync_GoesToTheGraphHostOfTheOrganization(string organizationUrl, string expectedUrl)
    {
        _harness.Expect(HttpMethod.Get, expectedUrl, "7.1-preview.1").Respond("application/json", Page3);

        var users = await _harness.CreateClient(organizationUrl).Graph.ListUsersAsync().ToListAsync();

        _harness.Mock.VerifyNoOutstandingExpectation();
        Assert.Single(users);
    }

    [Fact]
    public async Task ListUsersAsync_UsesAnOverriddenGraphUrl()
    {
        var connection = new VstsConnection(new Uri("https://dev.azure.com/fabrikam/"), VstsCredential.PersonalAccessToken(AreaTestHarnessA.Pat))
        {
            GraphUrl = new Uri("https://graph.fabrikam.example/resolved/fabrikam"),
        };
        _harness.Expect(HttpMethod.Get, "https://graph.fabrikam.example/resolved/fabrikam/_apis/graph/users", "7.1-preview.1")
            .Respond("application/json", Page3);

        var users = await _harness.CreateClient(connection).Graph.ListUsersAsync().ToListAsync();

        _harness.Mock.VerifyNoOutstandingExpectation();
        Assert.Single(users);
    }

    [Theory]
    [MemberData(nameof(AreaTestHarnessA.FailureKinds), MemberType = typeof(AreaTestHarnessA))]
    public Task ListUsersAsync_FailureSurfacesAsVstsApiExceptionOfTheRightKind(HttpStatusCode status, VstsErrorKind kind) =>
        _harness.AssertFailureAsync(
            _harness.Expect(HttpMethod.Get, UsersUrl, "7.1-preview.1"),
            status,
            kind,
            "Graph.ListUsers",
            () => _harness.CreateClient().Graph.ListUsersAsync().ToListAsync().AsTask());

    [Fact]
    public async Task ListUsersAsync_YieldsEarlierPagesBeforeALaterPageFails()
    {
        _harness.Expect(HttpMethod.Get, UsersUrl, "7.1-preview.1")
            .Respond([new("X-MS-ContinuationToken", "page2")], "application/json", Page1);
        var seen = new List<string>();

        await _harness.AssertFailureAsync(
            _harness.Expect(HttpMethod.Get, UsersUrl + "?continuationToken=page2", "7.1-preview.1"),
            HttpStatusCode.ServiceUnavailable,
            VstsErrorKind.Unavailable,
            "Graph.ListUsers",
            async () =>
            {
                await foreach (var user in _harness.CreateClient().Graph.ListUsersAsync())
                {
                    seen.Add(user.Descriptor);
                }
            });

        Assert.Equal(["svc.ZWMwOWE0ZDg", "svc.ODBkZWQzZTg"], seen);
    }

    public void Dispose() => _harness.Dispose();
}
