using System.Text.Json;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Patch;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Client;

public class WorkItemsClientTests
{
    private const string Org = ClientTestHarness.OrganizationUrl;

    public sealed class GetAsync : ClientTestBase
    {
        [Fact]
        public async Task Plain_get_reads_the_item_with_no_query()
        {
            Harness.ExpectJson(HttpMethod.Get, Org + "_apis/wit/workitems/309", VstsFixtures.WorkItemResponse);

            var item = await Harness.Client.WorkItems.GetAsync(309);

            var sent = Harness.AssertSingleSent(HttpMethod.Get, Org + "_apis/wit/workitems/309");
            Assert.Null(sent.Body);
            Assert.Null(sent.ContentType);
            Assert.Equal("WorkItems.Get", sent.Operation);
            Assert.True(sent.IsIdempotent);
            Assert.Same(Harness.Connection, sent.Connection);
            Assert.Equal(309, item.Id);
            Assert.Equal("Hello", item.Title);
        }

        [Fact]
        public async Task Field_list_is_sent_comma_separated()
        {
            // Each name is escaped, so the comma travels as %2C and reads back as "System.Title,System.State".
            const string url = Org + "_apis/wit/workitems/42?fields=System.Title%2CSystem.State";
            Harness.ExpectJson(HttpMethod.Get, url, VstsFixtures.WorkItem(42));

            await Harness.Client.WorkItems.GetAsync(42, new GetWorkItemOptions { Fields = [WorkItemFields.Title, WorkItemFields.State] });

            var sent = Harness.AssertSingleSent(HttpMethod.Get, url);
            Assert.Equal("?fields=System.Title,System.State", Uri.UnescapeDataString(new Uri(sent.Url).Query));
        }

        [Theory]
        [InlineData(WorkItemExpand.Relations, "relations")]
        [InlineData(WorkItemExpand.Fields, "fields")]
        [InlineData(WorkItemExpand.Links, "links")]
        [InlineData(WorkItemExpand.All, "all")]
        public async Task Expand_is_sent_as_dollar_expand(WorkItemExpand expand, string value)
        {
            var url = Org + "_apis/wit/workitems/42?$expand=" + value;
            Harness.ExpectJson(HttpMethod.Get, url, VstsFixtures.WorkItem(42));

            await Harness.Client.WorkItems.GetAsync(42, new GetWorkItemOptions { Expand = expand });

            Harness.AssertSingleSent(HttpMethod.Get, url);
        }

        [Fact]
        public async Task Relations_come_back_typed()
        {
            const string url = Org + "_apis/wit/workitems/42?$expand=relations";
            Harness.ExpectJson(HttpMethod.Get, url, """
                {"id":42,"rev":3,"fields":{},"relations":[
                  {"rel":"Hyperlink","url":"https://host.example/issues/7","attributes":{"comment":"Linked from host","isLocked":false}},
                  {"rel":"System.LinkTypes.Hierarchy-Reverse","url":"https://dev.azure.com/fabrikam/_apis/wit/workItems/1","attributes":{"isLocked":false,"name":"Parent"}}]}
                """);

            var item = await Harness.Client.WorkItems.GetAsync(42, new GetWorkItemOptions { Expand = WorkItemExpand.Relations });

            Assert.Collection(
                item.Relations,
                r =>
                {
                    Assert.Equal(WorkItemRelationType.Hyperlink, r.Rel);
                    Assert.Equal("https://host.example/issues/7", r.Url);
                    Assert.Equal("Linked from host", r.Comment);
                },
                r =>
                {
                    Assert.Equal(WorkItemRelationType.Parent, r.Rel);
                    Assert.Null(r.Comment);
                    Assert.Equal("Parent", r.Attributes["name"].GetString());
                });
        }

        [Fact]
        public async Task Blank_or_missing_values_read_as_empty_instead_of_failing_the_call()
        {
            const string url = Org + "_apis/wit/workitems/42?$expand=all";
            Harness.ExpectJson(HttpMethod.Get, url, """{"id":42,"rev":1,"fields":{"System.State":" "},"relations":[{"rel":" ","url":null},{"rel":"Hyperlink"}]}""");

            var item = await Harness.Client.WorkItems.GetAsync(42, new GetWorkItemOptions { Expand = WorkItemExpand.All });

            Assert.Null(item.State);
            Assert.Equal(default, item.Relations[0].Rel);
            Assert.Equal(string.Empty, item.Relations[0].Url);
            Assert.Equal(WorkItemRelationType.Hyperlink, item.Relations[1].Rel);
            Assert.Equal(string.Empty, item.Relations[1].Url);
        }

        [Fact]
        public async Task Fields_with_expand_throws_before_any_request()
        {
            var options = new GetWorkItemOptions { Fields = [WorkItemFields.Title], Expand = WorkItemExpand.Relations };

            var ex = await Assert.ThrowsAsync<ArgumentException>(() => Harness.Client.WorkItems.GetAsync(42, options));

            Assert.Contains("$expand", ex.Message, StringComparison.Ordinal);
            Assert.Empty(Harness.Requests);
        }

        [Fact]
        public async Task As_of_is_sent_in_round_trip_format()
        {
            const string url = Org + "_apis/wit/workitems/42?asOf=2024-05-06T07%3A08%3A09.0000000%2B00%3A00";
            Harness.ExpectJson(HttpMethod.Get, url, VstsFixtures.WorkItem(42));

            await Harness.Client.WorkItems.GetAsync(42, new GetWorkItemOptions { AsOf = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero) });

            Harness.AssertSingleSent(HttpMethod.Get, url);
        }

        [Fact]
        public async Task Fields_and_as_of_are_sent_in_a_fixed_order()
        {
            const string url = Org + "_apis/wit/workitems/42?fields=System.Title&asOf=2024-05-06T07%3A08%3A09.0000000%2B00%3A00";
            Harness.ExpectJson(HttpMethod.Get, url, VstsFixtures.WorkItem(42));

            await Harness.Client.WorkItems.GetAsync(42, new GetWorkItemOptions
            {
                Fields = [WorkItemFields.Title],
                AsOf = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero),
            });

            Harness.AssertSingleSent(HttpMethod.Get, url);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(-1)]
        public async Task Non_positive_id_throws_before_any_request(int id)
        {
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Harness.Client.WorkItems.GetAsync(id));

            Assert.Empty(Harness.Requests);
        }
    }

    public sealed class CreateAsync : ClientTestBase
    {
        [Fact]
        public async Task Reference_fixture_posts_the_patch_to_the_project_and_type()
        {
            // sentry-vsts-behaviour.md §9.1 "create issue" (which used PATCH; the documented method is POST).
            const string url = Org + "0987654321/_apis/wit/workitems/$Microsoft.VSTS.WorkItemTypes.Task";
            Harness.ExpectJson(HttpMethod.Post, url, VstsFixtures.WorkItemResponse);
            var patch = WorkItemPatch.ForCreate(new WorkItemCreateFields
            {
                Title = "Hello",
                Description = "<p>Fix this.</p>\n",
                Comment = "<p>Fix this.</p>\n",
            });

            var item = await Harness.Client.WorkItems.CreateAsync("0987654321", "Microsoft.VSTS.WorkItemTypes.Task", patch);

            var sent = Harness.AssertSingleSent(HttpMethod.Post, url);
            sent.AssertBody(
                MediaTypes.JsonPatch,
                """[{"op":"add","path":"/fields/System.Title","value":"Hello"},{"op":"add","path":"/fields/System.Description","value":"<p>Fix this.</p>\n"},{"op":"add","path":"/fields/System.History","value":"<p>Fix this.</p>\n"}]""");
            Assert.Equal("WorkItems.Create", sent.Operation);
            Assert.False(sent.IsIdempotent);
            Assert.Equal(309, item.Id);
            Assert.Equal("Hello", item.Title);
            Assert.Equal("Fabrikam-Fiber-Git", item.AreaPath);
            Assert.Equal("Fix this.", item.Description);
        }

        [Fact]
        public async Task Project_and_type_with_spaces_are_escaped_and_the_dollar_stays_literal()
        {
            const string url = Org + "My%20Project/_apis/wit/workitems/$User%20Story";
            Harness.ExpectJson(HttpMethod.Post, url, VstsFixtures.WorkItem(5));

            await Harness.Client.WorkItems.CreateAsync("My Project", "User Story", WorkItemPatch.ForCreate(new WorkItemCreateFields { Title = "t" }));

            var sent = Harness.AssertSingleSent(HttpMethod.Post, url);
            sent.AssertBody(MediaTypes.JsonPatch, """[{"op":"add","path":"/fields/System.Title","value":"t"}]""");
        }

        [Fact]
        public async Task Write_options_are_sent_in_the_query()
        {
            const string url = Org + "Fabrikam/_apis/wit/workitems/$Bug?validateOnly=true&bypassRules=true&suppressNotifications=true&$expand=relations";
            Harness.ExpectJson(HttpMethod.Post, url, VstsFixtures.WorkItem(5));
            var options = new WorkItemWriteOptions { ValidateOnly = true, BypassRules = true, SuppressNotifications = true, Expand = WorkItemExpand.Relations };

            await Harness.Client.WorkItems.CreateAsync("Fabrikam", "Bug", WorkItemPatch.ForCreate(new WorkItemCreateFields { Title = "t" }), options);

            Harness.AssertSingleSent(HttpMethod.Post, url);
        }

        [Fact]
        public async Task Only_the_options_asked_for_are_sent()
        {
            const string url = Org + "Fabrikam/_apis/wit/workitems/$Bug?suppressNotifications=true";
            Harness.ExpectJson(HttpMethod.Post, url, VstsFixtures.WorkItem(5));

            await Harness.Client.WorkItems.CreateAsync("Fabrikam", "Bug", WorkItemPatch.ForCreate(new WorkItemCreateFields { Title = "t" }), new WorkItemWriteOptions { SuppressNotifications = true });

            Harness.AssertSingleSent(HttpMethod.Post, url);
        }

        [Theory]
        [InlineData("", "Bug")]
        [InlineData(" ", "Bug")]
        [InlineData("Fabrikam", "")]
        public async Task Blank_project_or_type_throws_before_any_request(string project, string type)
        {
            await Assert.ThrowsAsync<ArgumentException>(() => Harness.Client.WorkItems.CreateAsync(project, type, WorkItemPatch.Empty));

            Assert.Empty(Harness.Requests);
        }
    }

    public sealed class UpdateAsync : ClientTestBase
    {
        [Fact]
        public async Task Guarded_patch_is_sent_as_patch_and_marked_idempotent()
        {
            const string url = Org + "_apis/wit/workitems/309";
            Harness.ExpectJson(HttpMethod.Patch, url, VstsFixtures.WorkItem(309, rev: 4));
            var patch = WorkItemPatch.ForUpdate(new WorkItemUpdateFields { ExpectedRevision = 3, State = "Resolved", Comment = "Fixed in the host." });

            var item = await Harness.Client.WorkItems.UpdateAsync(309, patch);

            var sent = Harness.AssertSingleSent(HttpMethod.Patch, url);
            sent.AssertBody(
                MediaTypes.JsonPatch,
                """[{"op":"test","path":"/rev","value":3},{"op":"replace","path":"/fields/System.State","value":"Resolved"},{"op":"add","path":"/fields/System.History","value":"Fixed in the host."}]""");
            Assert.Equal("WorkItems.Update", sent.Operation);
            Assert.True(sent.IsIdempotent);
            Assert.Equal(4, item.Revision);
        }

        [Fact]
        public async Task Unguarded_patch_is_not_marked_idempotent()
        {
            const string url = Org + "_apis/wit/workitems/5";
            Harness.ExpectJson(HttpMethod.Patch, url, VstsFixtures.WorkItem(5, rev: 2));
            var patch = WorkItemPatch.ForUpdate(new WorkItemUpdateFields { AssignedTo = "ftotten@vscsi.us" });

            await Harness.Client.WorkItems.UpdateAsync(5, patch);

            var sent = Harness.AssertSingleSent(HttpMethod.Patch, url);
            sent.AssertBody(MediaTypes.JsonPatch, """[{"op":"replace","path":"/fields/System.AssignedTo","value":"ftotten@vscsi.us"}]""");
            Assert.False(sent.IsIdempotent);
        }

        [Fact]
        public async Task Revision_test_added_later_marks_the_request_idempotent()
        {
            const string url = Org + "_apis/wit/workitems/5?bypassRules=true";
            Harness.ExpectJson(HttpMethod.Patch, url, VstsFixtures.WorkItem(5, rev: 8));
            var patch = WorkItemPatch.ForUpdate(new WorkItemUpdateFields { RemoveFields = [WorkItemFields.AssignedTo] }).WithRevisionTest(7);

            await Harness.Client.WorkItems.UpdateAsync(5, patch, new WorkItemWriteOptions { BypassRules = true });

            var sent = Harness.AssertSingleSent(HttpMethod.Patch, url);
            sent.AssertBody(MediaTypes.JsonPatch, """[{"op":"test","path":"/rev","value":7},{"op":"remove","path":"/fields/System.AssignedTo"}]""");
            Assert.True(sent.IsIdempotent);
        }

        [Fact]
        public async Task Failed_revision_test_is_a_conflict()
        {
            const string url = Org + "_apis/wit/workitems/5";
            Harness.Expect(HttpMethod.Patch, url).Respond(
                System.Net.HttpStatusCode.PreconditionFailed,
                MediaTypes.Json,
                """{"message":"TF401289: The current work item revision 8 does not match the expected revision 7.","typeKey":"WorkItemRevisionMismatchException"}""");

            var ex = await Assert.ThrowsAsync<VstsApiException>(() => Harness.Client.WorkItems.UpdateAsync(5, WorkItemPatch.Empty.WithRevisionTest(7)));

            Assert.Equal(VstsErrorKind.Conflict, ex.Kind);
            Assert.Equal("TF401289", ex.ErrorCode);
            Assert.Equal("WorkItems.Update", ex.Operation);
        }
    }

    public sealed class DeleteAsync : ClientTestBase
    {
        [Fact]
        public async Task Delete_goes_to_the_recycle_bin_without_a_query()
        {
            const string url = Org + "_apis/wit/workitems/309";
            Harness.ExpectJson(HttpMethod.Delete, url, """{"id":309,"code":200,"deletedBy":"Jamal Hartnett <fabrikamfiber4@hotmail.com>","project":"Fabrikam-Fiber-Git","type":"Bug"}""");

            await Harness.Client.WorkItems.DeleteAsync(309);

            var sent = Harness.AssertSingleSent(HttpMethod.Delete, url);
            Assert.Null(sent.Body);
            Assert.Equal("WorkItems.Delete", sent.Operation);
            Assert.True(sent.IsIdempotent);
        }

        [Fact]
        public async Task Destroy_is_sent_only_when_asked()
        {
            const string url = Org + "_apis/wit/workitems/309?destroy=true";
            Harness.Expect(HttpMethod.Delete, url).Respond(System.Net.HttpStatusCode.NoContent);

            await Harness.Client.WorkItems.DeleteAsync(309, destroy: true);

            Harness.AssertSingleSent(HttpMethod.Delete, url);
        }

        [Fact]
        public async Task Missing_item_is_not_found()
        {
            Harness.Expect(HttpMethod.Delete, Org + "_apis/wit/workitems/12345")
                .Respond(System.Net.HttpStatusCode.NotFound, MediaTypes.Json, VstsFixtures.WorkItemNotFoundError);

            var ex = await Assert.ThrowsAsync<VstsApiException>(() => Harness.Client.WorkItems.DeleteAsync(12345));

            Assert.Equal(VstsErrorKind.NotFound, ex.Kind);
            Assert.Equal("TF401232", ex.ErrorCode);
        }
    }

    public sealed class GetDeletedAsync : ClientTestBase
    {
        private const string RecycleBinUrl = Org + "Fabrikam%20Fiber/_apis/wit/recyclebin";

        [Fact]
        public async Task Ids_are_read_from_the_project_recycle_bin_and_items_not_in_it_are_left_out()
        {
            const string url = RecycleBinUrl + "?ids=7%2C9%2C11";
            Harness.ExpectJson(HttpMethod.Get, url, """
                {"count":3,"value":[
                  {"id":7,"code":200,"name":"Gone","project":"Fabrikam Fiber","type":"Bug","deletedDate":"2026-12-01T10:00:00Z","deletedBy":"Jamal <jamal@fabrikam.com>","url":"https://x/7"},
                  {"id":9,"code":404},
                  {"id":11,"project":"Fabrikam Fiber","type":"Task"}
                ]}
                """);

            var deleted = await Harness.Client.WorkItems.GetDeletedAsync("Fabrikam Fiber", [7, 9, 11, 7]);

            var sent = Harness.AssertSingleSent(HttpMethod.Get, url);
            Assert.Null(sent.Body);
            Assert.Equal("WorkItems.GetDeleted", sent.Operation);
            Assert.True(sent.IsIdempotent);
            Assert.Equal([7, 11], deleted.Select(d => d.Id));
            Assert.Equal("Gone", deleted[0].Name);
            Assert.Equal("Bug", deleted[0].Type);
            Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), deleted[0].DeletedDate);
        }

        [Fact]
        public async Task More_than_200_ids_are_read_in_chunks_of_200()
        {
            var ids = Enumerable.Range(1, 250).ToArray();
            Harness.ExpectJson(HttpMethod.Get, RecycleBinUrl + "?ids=" + string.Join("%2C", ids[..200]), """{"count":0,"value":[]}""");
            Harness.ExpectJson(HttpMethod.Get, RecycleBinUrl + "?ids=" + string.Join("%2C", ids[200..]), """{"count":1,"value":[{"id":250}]}""");

            var deleted = await Harness.Client.WorkItems.GetDeletedAsync("Fabrikam Fiber", ids);

            Harness.Mock.VerifyNoOutstandingExpectation();
            Assert.Equal(2, Harness.Requests.Count);
            Assert.Equal([250], deleted.Select(d => d.Id));
        }

        [Fact]
        public async Task A_blank_project_throws_before_any_request()
        {
            await Assert.ThrowsAsync<ArgumentException>(() => Harness.Client.WorkItems.GetDeletedAsync(" ", [1]));

            Assert.Empty(Harness.Requests);
        }
    }

    public sealed class GetBatchAsync : ClientTestBase
    {
        private const string BatchUrl = Org + "_apis/wit/workitemsbatch";

        [Fact]
        public async Task Ids_are_posted_with_the_omit_error_policy()
        {
            Harness.ExpectJson(HttpMethod.Post, BatchUrl, VstsFixtures.WorkItemList([1, 2, 3]));

            var items = await Harness.Client.WorkItems.GetBatchAsync([1, 2, 3]);

            var sent = Harness.AssertSingleSent(HttpMethod.Post, BatchUrl);
            sent.AssertBody(MediaTypes.Json, """{"ids":[1,2,3],"errorPolicy":"omit"}""");
            Assert.Equal("WorkItems.GetBatch", sent.Operation);
            Assert.True(sent.IsIdempotent);
            Assert.Equal([1, 2, 3], items.Select(i => i.Id));
        }

        [Fact]
        public async Task Fields_are_sent_in_the_body()
        {
            Harness.ExpectJson(HttpMethod.Post, BatchUrl, VstsFixtures.WorkItemList([1]));

            await Harness.Client.WorkItems.GetBatchAsync([1], new GetWorkItemOptions { Fields = [WorkItemFields.Title, WorkItemFields.State] });

            Harness.AssertSingleSent(HttpMethod.Post, BatchUrl)
                .AssertBody(MediaTypes.Json, """{"ids":[1],"fields":["System.Title","System.State"],"errorPolicy":"omit"}""");
        }

        [Fact]
        public async Task Expand_and_as_of_are_sent_in_the_body()
        {
            Harness.ExpectJson(HttpMethod.Post, BatchUrl, VstsFixtures.WorkItemList([1]));

            await Harness.Client.WorkItems.GetBatchAsync([1], new GetWorkItemOptions { Expand = WorkItemExpand.Relations, AsOf = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero) });

            Harness.AssertSingleSent(HttpMethod.Post, BatchUrl)
                .AssertBody(MediaTypes.Json, """{"ids":[1],"$expand":"relations","asOf":"2024-05-06T07:08:09+00:00","errorPolicy":"omit"}""");
        }

        [Fact]
        public async Task Fields_with_expand_throws_before_any_request()
        {
            await Assert.ThrowsAsync<ArgumentException>(() => Harness.Client.WorkItems.GetBatchAsync([1], new GetWorkItemOptions { Fields = [WorkItemFields.Title], Expand = WorkItemExpand.All }));

            Assert.Empty(Harness.Requests);
        }

        [Fact]
        public async Task More_than_200_ids_are_read_in_chunks_of_200()
        {
            var ids = Enumerable.Range(1, 450).ToArray();
            Harness.ExpectJson(HttpMethod.Post, BatchUrl, VstsFixtures.WorkItemList(ids[..200]));
            Harness.ExpectJson(HttpMethod.Post, BatchUrl, VstsFixtures.WorkItemList(ids[200..400]));
            Harness.ExpectJson(HttpMethod.Post, BatchUrl, VstsFixtures.WorkItemList(ids[400..]));

            var items = await Harness.Client.WorkItems.GetBatchAsync(ids);

            Harness.Mock.VerifyNoOutstandingExpectation();
            Assert.Equal(3, Harness.Requests.Count);
            Assert.Equal(ids[..200], SentIds(0));
            Assert.Equal(ids[200..400], SentIds(1));
            Assert.Equal(ids[400..], SentIds(2));
            Assert.Equal(ids, items.Select(i => i.Id));
        }

        [Fact]
        public async Task Duplicate_ids_are_requested_once()
        {
            Harness.ExpectJson(HttpMethod.Post, BatchUrl, VstsFixtures.WorkItemList([3, 1, 2]));

            await Harness.Client.WorkItems.GetBatchAsync([3, 1, 3, 2, 1]);

            Harness.AssertSingleSent(HttpMethod.Post, BatchUrl).AssertBody(MediaTypes.Json, """{"ids":[3,1,2],"errorPolicy":"omit"}""");
        }

        [Fact]
        public async Task Null_entries_of_the_answer_are_skipped()
        {
            // errorPolicy=omit answers null in place of an item that does not exist or is not visible.
            Harness.ExpectJson(HttpMethod.Post, BatchUrl, $$"""{"count":3,"value":[{{VstsFixtures.WorkItem(1)}},null,{{VstsFixtures.WorkItem(3)}}]}""");

            var items = await Harness.Client.WorkItems.GetBatchAsync([1, 2, 3]);

            Assert.Equal([1, 3], items.Select(i => i.Id));
        }

        [Fact]
        public async Task No_ids_sends_nothing()
        {
            var items = await Harness.Client.WorkItems.GetBatchAsync([]);

            Assert.Empty(items);
            Assert.Empty(Harness.Requests);
        }

        private int[] SentIds(int index)
        {
            using var body = JsonDocument.Parse(Harness.Requests[index].Body!);
            return body.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        }
    }

    public sealed class QueryIdsAsync : ClientTestBase
    {
        private const string Wiql = "SELECT [System.Id] FROM WorkItems WHERE [System.Tags] CONTAINS 'sentry'";

        // The SDK's JSON context uses the default encoder, which writes ' as \u0027 (valid JSON).
        private const string WiqlBody = """{"query":"SELECT [System.Id] FROM WorkItems WHERE [System.Tags] CONTAINS \u0027sentry\u0027"}""";

        [Fact]
        public async Task Query_is_posted_as_json_and_ids_come_back_in_order()
        {
            const string url = Org + "_apis/wit/wiql";
            Harness.ExpectJson(HttpMethod.Post, url, VstsFixtures.WiqlResult([12, 5, 9]));

            var result = await Harness.Client.WorkItems.QueryIdsAsync(Wiql);

            var sent = Harness.AssertSingleSent(HttpMethod.Post, url);
            sent.AssertBody(MediaTypes.Json, WiqlBody);
            Assert.Equal("WorkItems.Query", sent.Operation);
            Assert.True(sent.IsIdempotent);
            Assert.Equal("flat", result.QueryType);
            Assert.Equal(new DateTimeOffset(2024, 5, 6, 7, 8, 9, 120, TimeSpan.Zero), result.AsOf);
            Assert.Equal([12, 5, 9], result.WorkItems.Select(w => w.Id));
            Assert.Equal("https://dev.azure.com/fabrikam/_apis/wit/workItems/12", result.WorkItems[0].Url);
        }

        [Fact]
        public async Task Project_scopes_the_path_and_top_limits_the_results()
        {
            const string url = Org + "My%20Project/_apis/wit/wiql?$top=50";
            Harness.ExpectJson(HttpMethod.Post, url, VstsFixtures.WiqlResult([1]));

            await Harness.Client.WorkItems.QueryIdsAsync(Wiql, project: "My Project", top: 50);

            Harness.AssertSingleSent(HttpMethod.Post, url).AssertBody(MediaTypes.Json, WiqlBody);
        }

        [Fact]
        public async Task Empty_result_has_no_items()
        {
            Harness.ExpectJson(HttpMethod.Post, Org + "_apis/wit/wiql", """{"queryType":"flat","workItems":[]}""");

            var result = await Harness.Client.WorkItems.QueryIdsAsync(Wiql);

            Assert.Empty(result.WorkItems);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(-5)]
        public async Task Non_positive_top_throws_before_any_request(int top)
        {
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Harness.Client.WorkItems.QueryIdsAsync(Wiql, top: top));

            Assert.Empty(Harness.Requests);
        }
    }

    public sealed class QueryAsync : ClientTestBase
    {
        private const string Wiql = "SELECT [System.Id] FROM WorkItems";
        private const string WiqlUrl = Org + "Fabrikam/_apis/wit/wiql";
        private const string BatchUrl = Org + "_apis/wit/workitemsbatch";

        [Fact]
        public async Task Query_then_batch_yields_items_in_query_order()
        {
            Harness.ExpectJson(HttpMethod.Post, WiqlUrl, VstsFixtures.WiqlResult([5, 3, 9]));
            Harness.ExpectJson(HttpMethod.Post, BatchUrl, VstsFixtures.WorkItemList([5, 3, 9]));

            var items = await Harness.Client.WorkItems.QueryAsync(Wiql, "Fabrikam", new GetWorkItemOptions { Fields = [WorkItemFields.Title] }).ToListAsync();

            Harness.Mock.VerifyNoOutstandingExpectation();
            Assert.Equal(2, Harness.Requests.Count);
            Harness.AssertSent(0, HttpMethod.Post, WiqlUrl).AssertBody(MediaTypes.Json, """{"query":"SELECT [System.Id] FROM WorkItems"}""");
            Harness.AssertSent(1, HttpMethod.Post, BatchUrl).AssertBody(MediaTypes.Json, """{"ids":[5,3,9],"fields":["System.Title"],"errorPolicy":"omit"}""");
            Assert.Equal([5, 3, 9], items.Select(i => i.Id));
        }

        [Fact]
        public async Task No_matches_makes_no_batch_call()
        {
            Harness.ExpectJson(HttpMethod.Post, WiqlUrl, VstsFixtures.WiqlResult([]));

            var items = await Harness.Client.WorkItems.QueryAsync(Wiql, "Fabrikam").ToListAsync();

            Assert.Empty(items);
            Harness.AssertSingleSent(HttpMethod.Post, WiqlUrl);
        }

        [Fact]
        public async Task Many_matches_are_read_in_chunks_of_200()
        {
            var ids = Enumerable.Range(1000, 250).ToArray();
            Harness.ExpectJson(HttpMethod.Post, WiqlUrl, VstsFixtures.WiqlResult(ids));
            Harness.ExpectJson(HttpMethod.Post, BatchUrl, VstsFixtures.WorkItemList(ids[..200]));
            Harness.ExpectJson(HttpMethod.Post, BatchUrl, VstsFixtures.WorkItemList(ids[200..]));

            var items = await Harness.Client.WorkItems.QueryAsync(Wiql, "Fabrikam").ToListAsync();

            Harness.Mock.VerifyNoOutstandingExpectation();
            Assert.Equal(3, Harness.Requests.Count);
            Assert.Equal(ids, items.Select(i => i.Id));
        }
    }
}
