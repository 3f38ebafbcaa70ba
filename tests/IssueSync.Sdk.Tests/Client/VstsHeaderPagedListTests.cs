using IssueSync.Sdk.Client;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Client;

/// <summary>Projects share the header-paged list GET with Graph users: the same chaining, on the organization host.</summary>
public sealed class VstsHeaderPagedListTests : IDisposable
{
    private const string ProjectsUrl = "https://dev.azure.com/fabrikam/_apis/projects";

    private readonly AreaTestHarnessA _harness = new();

    [Fact]
    public async Task ProjectsListAsync_KeepsTheStateFilterAndFollowsTheHeader()
    {
        _harness.Expect(HttpMethod.Get, ProjectsUrl + "?stateFilter=wellFormed", "7.1")
            .Respond([new("x-ms-continuationtoken", "100")], "application/json", """{"count":1,"value":[{"id":"ac7c05bb-7f8e-4880-85a6-e08f37fd4a10","name":"Fabrikam-Fiber-Git","state":"wellFormed"}]}""");
        _harness.Expect(HttpMethod.Get, ProjectsUrl + "?stateFilter=wellFormed&continuationToken=100", "7.1")
            .Respond("application/json", """{"count":1,"value":[{"id":"c0bf429a-c03c-4a99-9336-d45be74db5a6","name":"Fabrikam Fiber","state":"wellFormed"}]}""");

        var projects = await _harness.CreateClient().Projects.ListAsync().ToListAsync();

        _harness.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal(["Fabrikam-Fiber-Git", "Fabrikam Fiber"], projects.Select(p => p.Name));
    }

    [Fact]
    public async Task ARepeatedTokenStopsThePagingWithAnInvalidResponse()
    {
        _harness.Expect(HttpMethod.Get, "https://vssps.dev.azure.com/fabrikam/_apis/graph/users", "7.1-preview.1")
            .Respond([new("X-MS-ContinuationToken", "same")], "application/json", """{"count":0,"value":[]}""");
        _harness.Expect(HttpMethod.Get, "https://vssps.dev.azure.com/fabrikam/_apis/graph/users?continuationToken=same", "7.1-preview.1")
            .Respond([new("X-MS-ContinuationToken", "same")], "application/json", """{"count":0,"value":[]}""");

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => _harness.CreateClient().Graph.ListUsersAsync().ToListAsync().AsTask());

        _harness.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal(VstsErrorKind.InvalidResponse, ex.Kind);
        Assert.Equal("Graph.ListUsers", ex.Operation);
    }

    public void Dispose() => _harness.Dispose();
}
