using System.Net;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;

namespace IssueSync.Sdk.Tests.Client;

public sealed class CommentsClientTests : IDisposable
{
    private const string ApiVersion = "7.1-preview.4";
    private const string Project = "Fabrikam Fiber";
    private const string CommentsUrl = "https://dev.azure.com/fabrikam/Fabrikam%20Fiber/_apis/wit/workItems/42/comments";

    private readonly AreaTestHarnessB _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task AddAsync_posts_the_text_as_html_by_default_and_returns_the_new_comment()
    {
        _harness.Expect(HttpMethod.Post, CommentsUrl + "?format=html", json: CommentJson(id: 7, version: 1, text: "<p>Resolved in host</p>", format: "html"));

        var comment = await _harness.Client.Comments.AddAsync(Project, 42, "<p>Resolved in host</p>");

        // The default encoder escapes HTML-sensitive characters: still the same JSON string.
        _harness.AssertSent(0, HttpMethod.Post, CommentsUrl + "?format=html", ApiVersion, "Comments.Add", idempotent: false, body: """{"text":"\u003Cp\u003EResolved in host\u003C/p\u003E"}""");
        _harness.VerifyAll(1);
        Assert.Equal(7, comment.Id);
        Assert.Equal(42, comment.WorkItemId);
        Assert.Equal(1, comment.Version);
        Assert.Equal("<p>Resolved in host</p>", comment.Text);
        Assert.Equal(CommentFormat.Html, comment.Format);
        Assert.Equal("Jamal Hartnett", comment.CreatedBy?.DisplayName);
        Assert.Equal("fabrikamfiber4@hotmail.com", comment.CreatedBy?.Email);
        Assert.Equal("d6245f20-2af8-44f4-9451-8107cb2767db", comment.CreatedBy?.Id);
        Assert.Equal(new DateTimeOffset(2019, 1, 16, 3, 3, 28, 970, TimeSpan.Zero), comment.CreatedDate);
        Assert.False(comment.IsDeleted);
        Assert.Equal(CommentsUrl + "/7", comment.Url);
    }

    [Fact]
    public async Task AddAsync_with_markdown_sends_format_markdown()
    {
        _harness.Expect(HttpMethod.Post, CommentsUrl + "?format=markdown", json: CommentJson(id: 8, version: 1, text: "**done**", format: "markdown"));

        var comment = await _harness.Client.Comments.AddAsync(Project, 42, "**done**", CommentFormat.Markdown);

        _harness.AssertSent(0, HttpMethod.Post, CommentsUrl + "?format=markdown", ApiVersion, "Comments.Add", idempotent: false, body: """{"text":"**done**"}""");
        _harness.VerifyAll(1);
        Assert.Equal(8, comment.Id);
        Assert.Equal(CommentFormat.Markdown, comment.Format);
    }

    [Fact]
    public async Task UpdateAsync_patches_the_comment_by_id_and_returns_the_new_version()
    {
        _harness.Expect(HttpMethod.Patch, CommentsUrl + "/7?format=markdown", json: CommentJson(id: 7, version: 2, text: "edited", format: "markdown"));

        var comment = await _harness.Client.Comments.UpdateAsync(Project, 42, 7, "edited", CommentFormat.Markdown);

        _harness.AssertSent(0, HttpMethod.Patch, CommentsUrl + "/7?format=markdown", ApiVersion, "Comments.Update", idempotent: true, body: """{"text":"edited"}""");
        _harness.VerifyAll(1);
        Assert.Equal(7, comment.Id);
        Assert.Equal(42, comment.WorkItemId);
        Assert.Equal(2, comment.Version);
        Assert.Equal("edited", comment.Text);
    }

    [Fact]
    public async Task UpdateAsync_defaults_to_html()
    {
        _harness.Expect(HttpMethod.Patch, CommentsUrl + "/7?format=html", json: CommentJson(id: 7, version: 3, text: "x", format: "html"));

        await _harness.Client.Comments.UpdateAsync(Project, 42, 7, "x");

        _harness.AssertSent(0, HttpMethod.Patch, CommentsUrl + "/7?format=html", ApiVersion, "Comments.Update", idempotent: true, body: """{"text":"x"}""");
        _harness.VerifyAll(1);
    }

    [Fact]
    public async Task DeleteAsync_deletes_the_comment_by_id_without_a_body()
    {
        _harness.Expect(HttpMethod.Delete, CommentsUrl + "/7", HttpStatusCode.NoContent);

        await _harness.Client.Comments.DeleteAsync(Project, 42, 7);

        _harness.AssertSent(0, HttpMethod.Delete, CommentsUrl + "/7", ApiVersion, "Comments.Delete", idempotent: true);
        _harness.VerifyAll(1);
    }

    [Fact]
    public async Task ListAsync_follows_the_body_continuation_token_across_pages_until_it_is_absent()
    {
        _harness.Expect(HttpMethod.Get, CommentsUrl + "?$top=2", json: PageJson(totalCount: 5, continuationToken: "page+2/a=", 1, 2));
        _harness.Expect(HttpMethod.Get, CommentsUrl + "?$top=2&continuationToken=page%2B2%2Fa%3D", json: PageJson(totalCount: 5, continuationToken: "page3", 3, 4));
        _harness.Expect(HttpMethod.Get, CommentsUrl + "?$top=2&continuationToken=page3", json: PageJson(totalCount: 5, continuationToken: null, 5));

        var ids = new List<int>();
        await foreach (var comment in _harness.Client.Comments.ListAsync(Project, 42, pageSize: 2))
        {
            ids.Add(comment.Id);
        }

        Assert.Equal([1, 2, 3, 4, 5], ids);
        _harness.AssertSent(0, HttpMethod.Get, CommentsUrl + "?$top=2", ApiVersion, "Comments.List", idempotent: true);
        _harness.AssertSent(1, HttpMethod.Get, CommentsUrl + "?$top=2&continuationToken=page%2B2%2Fa%3D", ApiVersion, "Comments.List", idempotent: true);
        _harness.AssertSent(2, HttpMethod.Get, CommentsUrl + "?$top=2&continuationToken=page3", ApiVersion, "Comments.List", idempotent: true);
        _harness.VerifyAll(3);
    }

    [Fact]
    public async Task ListAsync_without_a_page_size_sends_no_top_and_stops_on_an_empty_token()
    {
        _harness.Expect(HttpMethod.Get, CommentsUrl, json: PageJson(totalCount: 1, continuationToken: string.Empty, 9));

        var comments = await ToListAsync(_harness.Client.Comments.ListAsync(Project, 42));

        Assert.Equal(9, Assert.Single(comments).Id);
        _harness.AssertSent(0, HttpMethod.Get, CommentsUrl, ApiVersion, "Comments.List", idempotent: true);
        _harness.VerifyAll(1);
    }

    [Fact]
    public async Task ListAsync_of_a_work_item_without_comments_yields_nothing()
    {
        _harness.Expect(HttpMethod.Get, CommentsUrl, json: """{"totalCount":0,"count":0,"comments":[]}""");

        Assert.Empty(await ToListAsync(_harness.Client.Comments.ListAsync(Project, 42)));
        _harness.VerifyAll(1);
    }

    [Fact]
    public async Task ListAsync_stops_with_InvalidResponse_when_the_token_repeats()
    {
        _harness.Expect(HttpMethod.Get, CommentsUrl, json: PageJson(totalCount: 9, continuationToken: "same", 1));
        _harness.Expect(HttpMethod.Get, CommentsUrl + "?continuationToken=same", json: PageJson(totalCount: 9, continuationToken: "same", 2));

        var error = await Assert.ThrowsAsync<VstsApiException>(() => ToListAsync(_harness.Client.Comments.ListAsync(Project, 42)));

        Assert.Equal(VstsErrorKind.InvalidResponse, error.Kind);
        Assert.Equal("Comments.List", error.Operation);
        _harness.VerifyAll(2);
    }

    [Theory]
    [MemberData(nameof(AreaTestHarnessB.ErrorStatuses), MemberType = typeof(AreaTestHarnessB))]
    public async Task AddAsync_surfaces_error_statuses_as_VstsApiException_of_the_matching_kind(HttpStatusCode status, VstsErrorKind kind)
    {
        _harness.Expect(HttpMethod.Post, CommentsUrl + "?format=html", status, AreaTestHarnessB.ErrorJson("TF401232: Work item 42 does not exist, or you do not have permissions to read it.", "WorkItemDoesNotExistException"));

        var error = await Assert.ThrowsAsync<VstsApiException>(() => _harness.Client.Comments.AddAsync(Project, 42, "hello"));

        Assert.Equal(kind, error.Kind);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal("Comments.Add", error.Operation);
        _harness.VerifyAll(1);
    }

    [Fact]
    public async Task List_update_and_delete_surface_404_as_NotFound()
    {
        var notFound = AreaTestHarnessB.ErrorJson("TF401232: Work item 42 does not exist.", "WorkItemDoesNotExistException");
        _harness.Expect(HttpMethod.Get, CommentsUrl, HttpStatusCode.NotFound, notFound);
        _harness.Expect(HttpMethod.Patch, CommentsUrl + "/7?format=html", HttpStatusCode.NotFound, notFound);
        _harness.Expect(HttpMethod.Delete, CommentsUrl + "/7", HttpStatusCode.NotFound, notFound);

        var list = await Assert.ThrowsAsync<VstsApiException>(() => ToListAsync(_harness.Client.Comments.ListAsync(Project, 42)));
        var update = await Assert.ThrowsAsync<VstsApiException>(() => _harness.Client.Comments.UpdateAsync(Project, 42, 7, "x"));
        var delete = await Assert.ThrowsAsync<VstsApiException>(() => _harness.Client.Comments.DeleteAsync(Project, 42, 7));

        Assert.All([list, update, delete], static e => Assert.Equal(VstsErrorKind.NotFound, e.Kind));
        Assert.Equal(new[] { "Comments.List", "Comments.Update", "Comments.Delete" }, new[] { list.Operation, update.Operation, delete.Operation });
        Assert.Equal("WorkItemDoesNotExistException", delete.TypeKey);
        _harness.VerifyAll(3);
    }

    [Fact]
    public async Task Bad_arguments_fail_at_the_call_without_a_request()
    {
        var comments = _harness.Client.Comments;

        await Assert.ThrowsAnyAsync<ArgumentException>(() => comments.AddAsync(" ", 42, "x"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => comments.AddAsync(Project, 0, "x"));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => comments.AddAsync(Project, 42, " "));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => comments.AddAsync(Project, 42, "x", (CommentFormat)7));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => comments.UpdateAsync(Project, 42, 0, "x"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => comments.DeleteAsync(Project, 42, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => comments.ListAsync(Project, 42, pageSize: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => comments.ListAsync(Project, -5));
        Assert.Empty(_harness.Sent);
    }

    private static async Task<List<WorkItemComment>> ToListAsync(IAsyncEnumerable<WorkItemComment> source)
    {
        var list = new List<WorkItemComment>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }

    private static string PageJson(int totalCount, string? continuationToken, params int[] ids)
    {
        var comments = string.Join(",", ids.Select(static id => CommentJson(id, version: 1, text: "c" + id, format: "html")));
        var token = continuationToken is null ? string.Empty : $",\"continuationToken\":\"{continuationToken}\",\"nextPage\":\"{CommentsUrl}?continuationToken=next\"";
        return $$"""{"totalCount":{{totalCount}},"count":{{ids.Length}},"comments":[{{comments}}]{{token}}}""";
    }

    internal static string CommentJson(int id, int version, string text, string format) => $$"""
        {
          "workItemId": 42,
          "id": {{id}},
          "version": {{version}},
          "text": "{{text}}",
          "renderedText": null,
          "format": "{{format}}",
          "createdBy": {
            "displayName": "Jamal Hartnett",
            "url": "https://vssps.dev.azure.com/fabrikam/_apis/Identities/d6245f20-2af8-44f4-9451-8107cb2767db",
            "_links": { "avatar": { "href": "https://dev.azure.com/fabrikam/_apis/GraphProfile/MemberAvatars/aad.X" } },
            "id": "d6245f20-2af8-44f4-9451-8107cb2767db",
            "uniqueName": "fabrikamfiber4@hotmail.com",
            "imageUrl": "https://dev.azure.com/fabrikam/_apis/GraphProfile/MemberAvatars/aad.X",
            "descriptor": "aad.X"
          },
          "createdDate": "2019-01-16T03:03:28.97Z",
          "modifiedBy": { "displayName": "Jamal Hartnett", "id": "d6245f20-2af8-44f4-9451-8107cb2767db", "uniqueName": "fabrikamfiber4@hotmail.com" },
          "modifiedDate": "2019-01-16T03:03:28.97Z",
          "url": "{{CommentsUrl}}/{{id}}"
        }
        """;
}
