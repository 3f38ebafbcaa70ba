using System.Net;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Client;

public sealed class SearchClientTests : IDisposable
{
    private const string SearchUrl = "https://almsearch.dev.azure.com/fabrikam/_apis/search/workitemsearchresults";
    private const string MinimalBody = """{"searchText":"crash","$skip":0,"$top":100,"includeFacets":false}""";

    // Search answers with every field value as text, under lower-case reference names.
    private const string ResultsJson = """
        {"count":57,"results":[
          {"project":{"id":"c0bf429a-c03c-4a99-9336-d45be74db5a6","name":"Fabrikam Fiber"},
           "fields":{"system.id":"42","system.workitemtype":"Bug","system.title":"Crash on login","system.assignedto":"Jamal Hartnett <jamal@fabrikam.com>","system.state":"Active","system.tags":"","system.rev":"3","system.changeddate":"2024-05-02T10:11:12.13Z"},
           "hits":[{"fieldReferenceName":"system.title","highlights":["<highlighthit>Crash</highlighthit> on login"]}],
           "url":"https://dev.azure.com/fabrikam/_apis/wit/workItems/42"},
          {"project":{"id":"c0bf429a-c03c-4a99-9336-d45be74db5a6","name":"Fabrikam Fiber"},
           "fields":{"system.id":"not-a-number","system.title":"Crash report","system.assignedto":null},
           "hits":[],"url":"https://dev.azure.com/fabrikam/_apis/wit/workItems/43"}],
         "infoCode":0,"facets":{}}
        """;

    private readonly AreaTestHarnessA _harness = new();

    [Fact]
    public async Task SearchWorkItemsAsync_PostsTheDocumentedBodyToTheSearchHostAndReadsTheHits()
    {
        _harness.Expect(HttpMethod.Post, SearchUrl, "7.1", MinimalBody).Respond("application/json", ResultsJson);

        var results = await _harness.CreateClient().Search.SearchWorkItemsAsync(new WorkItemSearchRequest { SearchText = "crash" });

        _harness.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal(57, results.Count);
        Assert.Equal(2, results.Results.Count);
        var hit = results.Results[0];
        Assert.Equal(42, hit.Id);
        Assert.Equal("Crash on login", hit.Title);
        Assert.Equal("c0bf429a-c03c-4a99-9336-d45be74db5a6", hit.Project!.Id);
        Assert.Equal("Fabrikam Fiber", hit.Project.Name);
        Assert.Equal("Bug", hit.Fields["system.workitemtype"]);
        Assert.Equal("Active", hit.Fields["system.state"]);
        Assert.Equal("Jamal Hartnett <jamal@fabrikam.com>", hit.Fields["system.assignedto"]);
        Assert.Equal("Active", hit.Fields["System.State"]); // reference-name casing finds it too
        var odd = results.Results[1];
        Assert.Null(odd.Id);
        Assert.Equal("Crash report", odd.Title);
        Assert.False(odd.Fields.ContainsKey("system.assignedto"));
    }

    [Fact]
    public async Task SearchWorkItemsAsync_PutsTheProjectInThePathAndSendsPageAndFilters()
    {
        const string body = """{"searchText":"login fails","$skip":50,"$top":1000,"filters":{"System.WorkItemType":["Bug","User Story"],"System.State":["Active"]},"includeFacets":false}""";
        _harness.Expect(HttpMethod.Post, "https://almsearch.dev.azure.com/fabrikam/Fabrikam%20Fiber/_apis/search/workitemsearchresults", "7.1", body)
            .Respond("application/json", """{"count":0,"results":[]}""");

        var results = await _harness.CreateClient().Search.SearchWorkItemsAsync(new WorkItemSearchRequest
        {
            SearchText = "login fails",
            Project = "Fabrikam Fiber",
            Skip = 50,
            Top = WorkItemSearchRequest.MaxTop,
            Filters = new Dictionary<string, IReadOnlyList<string>>
            {
                ["System.WorkItemType"] = ["Bug", "User Story"],
                ["System.State"] = ["Active"],
            },
        });

        _harness.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal(0, results.Count);
        Assert.Empty(results.Results);
    }

    [Fact]
    public async Task SearchWorkItemsAsync_LeavesAnEmptyFilterMapOut()
    {
        _harness.Expect(HttpMethod.Post, SearchUrl, "7.1", MinimalBody).Respond("application/json", """{"count":0}""");

        var results = await _harness.CreateClient().Search.SearchWorkItemsAsync(
            new WorkItemSearchRequest { SearchText = "crash", Filters = new Dictionary<string, IReadOnlyList<string>>() });

        _harness.Mock.VerifyNoOutstandingExpectation();
        Assert.Empty(results.Results);
    }

    [Theory]
    [InlineData("https://dev.azure.com/fabrikam/", "https://almsearch.dev.azure.com/fabrikam/_apis/search/workitemsearchresults")]
    [InlineData("https://fabrikam.visualstudio.com/", "https://fabrikam.almsearch.visualstudio.com/_apis/search/workitemsearchresults")]
    [InlineData("https://tfs.contoso.com/tfs/DefaultCollection/", "https://tfs.contoso.com/tfs/DefaultCollection/_apis/search/workitemsearchresults")]
    public async Task SearchWorkItemsAsync_GoesToTheSearchHostOfTheOrganization(string organizationUrl, string expectedUrl)
    {
        _harness.Expect(HttpMethod.Post, expectedUrl, "7.1", MinimalBody).Respond("application/json", """{"count":0,"results":[]}""");

        await _harness.CreateClient(organizationUrl).Search.SearchWorkItemsAsync(new WorkItemSearchRequest { SearchText = "crash" });

        _harness.Mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task SearchWorkItemsAsync_UsesAnOverriddenSearchUrl()
    {
        var connection = new VstsConnection(new Uri("https://dev.azure.com/fabrikam/"), VstsCredential.PersonalAccessToken(AreaTestHarnessA.Pat))
        {
            SearchUrl = new Uri("https://search.fabrikam.example/fabrikam/"),
        };
        _harness.Expect(HttpMethod.Post, "https://search.fabrikam.example/fabrikam/Fabrikam/_apis/search/workitemsearchresults", "7.1", MinimalBody)
            .Respond("application/json", """{"count":0,"results":[]}""");

        await _harness.CreateClient(connection).Search.SearchWorkItemsAsync(new WorkItemSearchRequest { SearchText = "crash", Project = "Fabrikam" });

        _harness.Mock.VerifyNoOutstandingExpectation();
    }

    [Theory]
    [MemberData(nameof(AreaTestHarnessA.FailureKinds), MemberType = typeof(AreaTestHarnessA))]
    public Task SearchWorkItemsAsync_FailureSurfacesAsVstsApiExceptionOfTheRightKind(HttpStatusCode status, VstsErrorKind kind) =>
        _harness.AssertFailureAsync(
            _harness.Expect(HttpMethod.Post, SearchUrl, "7.1", MinimalBody),
            status,
            kind,
            "Search.WorkItems",
            () => _harness.CreateClient().Search.SearchWorkItemsAsync(new WorkItemSearchRequest { SearchText = "crash" }));

    [Fact]
    public Task SearchWorkItemsAsync_ABadRequestIsValidation() =>
        _harness.AssertFailureAsync(
            _harness.Expect(HttpMethod.Post, SearchUrl, "7.1", """{"searchText":"crash AND","$skip":0,"$top":100,"includeFacets":false}"""),
            HttpStatusCode.BadRequest,
            VstsErrorKind.Validation,
            "Search.WorkItems",
            () => _harness.CreateClient().Search.SearchWorkItemsAsync(new WorkItemSearchRequest { SearchText = "crash AND" }),
            message: "The search text 'crash AND' is invalid: AND needs a term on both sides.",
            typeKey: "InvalidQueryException");

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public async Task SearchWorkItemsAsync_TopOutsideOneToAThousandIsRejectedWithoutARequest(int top)
    {
        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => _harness.CreateClient().Search.SearchWorkItemsAsync(new WorkItemSearchRequest { SearchText = "crash", Top = top }));

        Assert.Equal("Top", ex.ParamName);
    }

    [Fact]
    public async Task SearchWorkItemsAsync_IncompleteRequestsAreRejectedWithoutARequest()
    {
        var search = _harness.CreateClient().Search;

        await Assert.ThrowsAsync<ArgumentNullException>(() => search.SearchWorkItemsAsync(null!));
        Assert.Equal("SearchText", (await Assert.ThrowsAsync<ArgumentException>(() => search.SearchWorkItemsAsync(new WorkItemSearchRequest { SearchText = " " }))).ParamName);
        Assert.Equal("Skip", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => search.SearchWorkItemsAsync(new WorkItemSearchRequest { SearchText = "x", Skip = -1 }))).ParamName);
        Assert.Equal("Project", (await Assert.ThrowsAsync<ArgumentException>(() => search.SearchWorkItemsAsync(new WorkItemSearchRequest { SearchText = "x", Project = " " }))).ParamName);
        Assert.Equal("Filters", (await Assert.ThrowsAsync<ArgumentException>(() => search.SearchWorkItemsAsync(new WorkItemSearchRequest
        {
            SearchText = "x",
            Filters = new Dictionary<string, IReadOnlyList<string>> { ["System.State"] = [""] },
        }))).ParamName);
    }

    public void Dispose() => _harness.Dispose();
}
