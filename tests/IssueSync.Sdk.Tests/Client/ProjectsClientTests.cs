using IssueSync.Sdk.Client;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Client;

public class ProjectsClientTests
{
    private const string Org = ClientTestHarness.OrganizationUrl;
    private const string ListUrl = Org + "_apis/projects?stateFilter=wellFormed";
    private const string ContinuationHeader = "x-ms-continuationtoken";

    public sealed class ListAsync : ClientTestBase
    {
        [Fact]
        public async Task Reference_fixture_is_one_page_when_no_token_comes_back()
        {
            Harness.ExpectJson(HttpMethod.Get, ListUrl, VstsFixtures.ProjectsResponse);

            var projects = await Harness.Client.Projects.ListAsync().ToListAsync();

            var sent = Harness.AssertSingleSent(HttpMethod.Get, ListUrl);
            Assert.Equal("Projects.List", sent.Operation);
            Assert.True(sent.IsIdempotent);
            var project = Assert.Single(projects);
            Assert.Equal("ac7c05bb-7f8e-4880-85a6-e08f37fd4a10", project.Id);
            Assert.Equal("Fabrikam-Fiber-Git", project.Name);
            Assert.Equal("wellFormed", project.State);
            Assert.Equal(16, project.Revision);
            Assert.Equal("private", project.Visibility);
        }

        [Fact]
        public async Task Continuation_header_is_followed_until_it_is_absent()
        {
            ExpectPage(ListUrl, first: 0, count: 100, next: "token-1");
            ExpectPage(ListUrl + "&continuationToken=token-1", first: 100, count: 100, next: "token-2");
            ExpectPage(ListUrl + "&continuationToken=token-2", first: 200, count: 100, next: "token/3+=");
            ExpectPage(ListUrl + "&continuationToken=token%2F3%2B%3D", first: 300, count: 7, next: null);

            var projects = await Harness.Client.Projects.ListAsync().ToListAsync();

            Harness.Mock.VerifyNoOutstandingExpectation();
            Assert.Equal(4, Harness.Requests.Count);
            Assert.Equal(307, projects.Count);
            Assert.Equal(Enumerable.Range(0, 307).Select(n => "Project " + n), projects.Select(p => p.Name));
        }

        [Fact]
        public async Task Twelve_hundred_projects_over_twelve_pages_are_all_returned()
        {
            // The reference integration stopped at 10 pages of 100 (1,000 projects); nothing caps this.
            for (var page = 0; page < 12; page++)
            {
                var url = page == 0 ? ListUrl : $"{ListUrl}&continuationToken=t{page}";
                ExpectPage(url, first: page * 100, count: 100, next: page < 11 ? $"t{page + 1}" : null);
            }

            var count = 0;
            await foreach (var _ in Harness.Client.Projects.ListAsync())
            {
                count++;
            }

            Harness.Mock.VerifyNoOutstandingExpectation();
            Assert.Equal(12, Harness.Requests.Count);
            Assert.Equal(1200, count);
        }

        [Fact]
        public async Task Pages_are_fetched_as_the_caller_reads()
        {
            ExpectPage(ListUrl, first: 0, count: 2, next: "token-1");
            ExpectPage(ListUrl + "&continuationToken=token-1", first: 2, count: 2, next: null);

            await using var enumerator = Harness.Client.Projects.ListAsync().GetAsyncEnumerator();
            Assert.True(await enumerator.MoveNextAsync());
            Assert.True(await enumerator.MoveNextAsync());
            Assert.Single(Harness.Requests);
            Assert.True(await enumerator.MoveNextAsync());
            Assert.Equal(2, Harness.Requests.Count);
        }

        [Fact]
        public async Task Repeated_token_is_an_invalid_response_instead_of_a_loop()
        {
            ExpectPage(ListUrl, first: 0, count: 1, next: "same");
            ExpectPage(ListUrl + "&continuationToken=same", first: 1, count: 1, next: "same");

            var ex = await Assert.ThrowsAsync<VstsApiException>(() => Harness.Client.Projects.ListAsync().ToListAsync().AsTask());

            Assert.Equal(VstsErrorKind.InvalidResponse, ex.Kind);
            Assert.Equal("Projects.List", ex.Operation);
            Assert.Contains("continuation token", ex.Message, StringComparison.Ordinal);
            Assert.Equal(2, Harness.Requests.Count);
        }

        [Fact]
        public async Task Empty_token_header_ends_the_listing()
        {
            ExpectPage(ListUrl, first: 0, count: 3, next: string.Empty);

            var projects = await Harness.Client.Projects.ListAsync().ToListAsync();

            Assert.Equal(3, projects.Count);
            Assert.Single(Harness.Requests);
        }

        [Fact]
        public async Task State_filter_can_be_changed_or_left_out()
        {
            Harness.ExpectJson(HttpMethod.Get, Org + "_apis/projects?stateFilter=all", VstsFixtures.ProjectPage(0, 1));
            Harness.ExpectJson(HttpMethod.Get, Org + "_apis/projects", VstsFixtures.ProjectPage(0, 1));

            await Harness.Client.Projects.ListAsync("all").ToListAsync();
            await Harness.Client.Projects.ListAsync(stateFilter: null).ToListAsync();

            Harness.Mock.VerifyNoOutstandingExpectation();
            Harness.AssertSent(0, HttpMethod.Get, Org + "_apis/projects?stateFilter=all");
            Harness.AssertSent(1, HttpMethod.Get, Org + "_apis/projects");
        }

        private void ExpectPage(string url, int first, int count, string? next)
        {
            (string, string)[] headers = next is null ? [] : [(ContinuationHeader, next)];
            Harness.Expect(HttpMethod.Get, url).Respond(_ => ClientTestHarness.JsonResponse(VstsFixtures.ProjectPage(first, count), headers));
        }
    }

    public sealed class GetAsync : ClientTestBase
    {
        [Fact]
        public async Task Project_is_read_by_id()
        {
            const string url = Org + "_apis/projects/ac7c05bb-7f8e-4880-85a6-e08f37fd4a10";
            Harness.ExpectJson(HttpMethod.Get, url, """{"id":"ac7c05bb-7f8e-4880-85a6-e08f37fd4a10","name":"Fabrikam-Fiber-Git","description":"Git projects","state":"wellFormed","revision":16,"lastUpdateTime":"2024-01-02T03:04:05.67Z","capabilities":{"versioncontrol":{"sourceControlType":"Git"}}}""");

            var project = await Harness.Client.Projects.GetAsync("ac7c05bb-7f8e-4880-85a6-e08f37fd4a10");

            var sent = Harness.AssertSingleSent(HttpMethod.Get, url);
            Assert.Equal("Projects.Get", sent.Operation);
            Assert.True(sent.IsIdempotent);
            Assert.Equal("Fabrikam-Fiber-Git", project.Name);
            Assert.Equal("Git projects", project.Description);
            Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, 670, TimeSpan.Zero), project.LastUpdateTime);
        }

        [Fact]
        public async Task Name_with_a_space_is_escaped()
        {
            const string url = Org + "_apis/projects/My%20Project";
            Harness.ExpectJson(HttpMethod.Get, url, """{"id":"1","name":"My Project"}""");

            var project = await Harness.Client.Projects.GetAsync("My Project");

            Harness.AssertSingleSent(HttpMethod.Get, url);
            Assert.Equal("My Project", project.Name);
        }

        [Theory]
        [InlineData("""{"state":"wellFormed"}""")]
        [InlineData("""{"id":null,"name":null}""")]
        public async Task Missing_id_and_name_read_as_empty_not_null(string json)
        {
            const string url = Org + "_apis/projects/Fabrikam";
            Harness.ExpectJson(HttpMethod.Get, url, json);

            var project = await Harness.Client.Projects.GetAsync("Fabrikam");

            Assert.Equal(string.Empty, project.Id);
            Assert.Equal(string.Empty, project.Name);
        }

        [Fact]
        public async Task Blank_name_throws_before_any_request()
        {
            await Assert.ThrowsAsync<ArgumentException>(() => Harness.Client.Projects.GetAsync(" "));

            Assert.Empty(Harness.Requests);
        }
    }
}
