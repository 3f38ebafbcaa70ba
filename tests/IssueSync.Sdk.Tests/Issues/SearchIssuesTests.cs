using System.Net;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Tests.Client;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Issues;

public sealed class SearchIssuesTests : IssueTestBase
{
    private const string Org = IssueTestHarness.Org;
    private const string SearchUrl = IssueTestHarness.SearchUrl;

    private static string Body(string text) => $$"""{"searchText":"{{text}}","$skip":0,"$top":100,"includeFacets":false}""";

    private static string Hits(params (string Id, string Title)[] hits)
    {
        var results = hits.Select(h => $$$"""{"fields":{"system.id":"{{{h.Id}}}","system.title":"{{{h.Title}}}"}}""");
        return $$"""{"count":{{hits.Length}},"results":[{{string.Join(',', results)}}]}""";
    }

    [Fact]
    public async Task Reference_search_labels_hits_with_id_and_title()
    {
        Harness.Client.ExpectJson(HttpMethod.Post, SearchUrl, Hits(("2", "Title")));

        var choices = await Harness.Integration.SearchIssuesAsync("Title");

        Harness.Client.AssertSingleSent(HttpMethod.Post, SearchUrl).AssertBody(MediaTypes.Json, Body("Title"));
        Assert.Equal([new IssueChoice("2", "(2) Title")], choices);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task Empty_query_gives_an_empty_list_without_a_call(string? query)
    {
        var choices = await Harness.Integration.SearchIssuesAsync(query!);

        Assert.Empty(choices);
        Assert.Empty(Harness.Client.Requests);
    }

    [Fact]
    public async Task Work_item_number_is_read_directly_and_listed_first_without_duplicates()
    {
        const string getUrl = Org + "_apis/wit/workitems/42?fields=System.Title";
        Harness.Client.ExpectJson(HttpMethod.Get, getUrl, """{"id":42,"rev":1,"fields":{"System.Title":"Fresh item"}}""");
        Harness.Client.ExpectJson(HttpMethod.Post, SearchUrl, Hits(("7", "Mentions 42"), ("42", "Fresh item"), ("x", "no id")));

        var choices = await Harness.Integration.SearchIssuesAsync(" 42 ");

        Harness.Client.Mock.VerifyNoOutstandingExpectation();
        Harness.Client.AssertSent(0, HttpMethod.Get, getUrl);
        Harness.Client.AssertSent(1, HttpMethod.Post, SearchUrl).AssertBody(MediaTypes.Json, Body("42"));
        Assert.Equal([new IssueChoice("42", "(42) Fresh item"), new IssueChoice("7", "(7) Mentions 42")], choices);
    }

    [Fact]
    public async Task Hash_prefixed_number_is_read_directly_too()
    {
        Harness.Client.ExpectJson(HttpMethod.Get, Org + "_apis/wit/workitems/42?fields=System.Title", """{"id":42,"rev":1,"fields":{"System.Title":"Fresh item"}}""");
        Harness.Client.ExpectJson(HttpMethod.Post, SearchUrl, Hits());

        var choices = await Harness.Integration.SearchIssuesAsync("#42");

        Harness.Client.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal([new IssueChoice("42", "(42) Fresh item")], choices);
    }

    [Fact]
    public async Task Number_that_is_no_work_item_falls_back_to_the_search()
    {
        Harness.Client.Expect(HttpMethod.Get, Org + "_apis/wit/workitems/12345?fields=System.Title")
            .Respond(HttpStatusCode.NotFound, "application/json", VstsFixtures.WorkItemNotFoundError);
        Harness.Client.ExpectJson(HttpMethod.Post, SearchUrl, Hits(("9", "Order 12345 fails")));

        var choices = await Harness.Integration.SearchIssuesAsync("12345");

        Harness.Client.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal([new IssueChoice("9", "(9) Order 12345 fails")], choices);
    }

    [Fact]
    public async Task Invalid_search_is_a_validation_error_on_the_query()
    {
        Harness.Client.Expect(HttpMethod.Post, SearchUrl).Respond(
            HttpStatusCode.BadRequest,
            "application/json",
            """{"message":"The search text contains an invalid expression.","typeKey":"InvalidQueryException"}""");

        var ex = await Assert.ThrowsAsync<IssueIntegrationException>(() => Harness.Integration.SearchIssuesAsync("a:\"unclosed"));

        Assert.Equal(IssueIntegrationErrorKind.Validation, ex.Kind);
        Assert.Equal("The search text contains an invalid expression.", ex.FieldErrors[CreateIssueFields.Query]);
        Assert.Equal(VstsErrorKind.Validation, Assert.IsType<VstsApiException>(ex.InnerException).Kind);
    }

    [Fact]
    public async Task Search_outage_stays_a_typed_VstsApiException()
    {
        Harness.Client.Expect(HttpMethod.Post, SearchUrl).Respond(HttpStatusCode.ServiceUnavailable);

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => Harness.Integration.SearchIssuesAsync("crash"));

        Assert.Equal(VstsErrorKind.Unavailable, ex.Kind);
    }

    [Fact]
    public async Task Direct_lookup_failure_other_than_not_found_is_not_hidden()
    {
        Harness.Client.Expect(HttpMethod.Get, Org + "_apis/wit/workitems/42?fields=System.Title").Respond(HttpStatusCode.Unauthorized);

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => Harness.Integration.SearchIssuesAsync("42"));

        Assert.Equal(VstsErrorKind.Unauthorized, ex.Kind);
        Assert.Single(Harness.Client.Requests);
    }
}
