using System.Net;
using System.Text.Json;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Tests.Client;
using RichardSzalay.MockHttp;
using static IssueSync.Sdk.Tests.Issues.Outbound.OutboundTestData;

namespace IssueSync.Sdk.Tests.Issues.Outbound;

public sealed class CommentSyncTests : IDisposable
{
    private const string ApiVersion = "7.1-preview.4";
    private const string CommentsUrl = Org + ProjectId + "/_apis/wit/workItems/42/comments";
    private const string ByNameUrl = Org + "Fabrikam/_apis/wit/workItems/42/comments";
    private const string ProjectReadUrl = ItemUrl + "?fields=System.TeamProject";

    private static readonly HostComment Note = new("Fixed in **1.2.3**.\n\nSee <script>alert(1)</script>", "Jane Doe");
    private const string NoteHtml = "<p>Jane Doe wrote:</p>\n<blockquote><p>Fixed in <strong>1.2.3</strong>.</p>\n<p>See &lt;script&gt;alert(1)&lt;/script&gt;</p>\n</blockquote>";

    private readonly IssueTestHarness _harness = Harness();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Adding_posts_the_attributed_html_through_the_comments_api_and_records_the_returned_id()
    {
        _harness.Client.ExpectJson(HttpMethod.Post, CommentsUrl + "?format=html", Comment(id: 7, version: 1));

        var result = await _harness.Integration.AddCommentAsync(new LinkedWorkItem("42", ProjectId), Note);

        var sent = _harness.Client.AssertSingleSent(HttpMethod.Post, CommentsUrl + "?format=html", ApiVersion);
        Assert.Equal(MediaTypes.Json, sent.ContentType?.Split(';')[0]);
        Assert.Equal(NoteHtml, SentText(sent));
        Assert.Equal((OutboundSyncOutcome.Updated, 42, 7), (result.Outcome, result.WorkItemId, result.CommentId));
        Assert.Null(result.Revision);
        Assert.Equal((OrganizationId, 42, 7), Assert.Single(_harness.Ledger.Comments));
        Assert.True(await _harness.Ledger.Inner.IsOwnCommentAsync(OrganizationId, 42, 7));
        Assert.Empty(_harness.Ledger.Writes);
    }

    [Fact]
    public async Task Without_a_stored_project_id_the_items_project_is_read_first()
    {
        _harness.Client.ExpectJson(HttpMethod.Get, ProjectReadUrl, """{"id":42,"rev":3,"fields":{"System.TeamProject":"Fabrikam"}}""");
        _harness.Client.ExpectJson(HttpMethod.Post, ByNameUrl + "?format=html", Comment(id: 8, version: 1));

        var result = await _harness.Integration.AddCommentAsync(new LinkedWorkItem("42"), Note);

        Assert.Equal([$"GET {ProjectReadUrl}", $"POST {ByNameUrl}?format=html"], Sent(_harness));
        Assert.Equal(8, result.CommentId);
    }

    [Fact]
    public async Task Without_an_author_the_converted_text_is_sent_without_attribution()
    {
        _harness.Client.ExpectJson(HttpMethod.Post, CommentsUrl + "?format=html", Comment(id: 7, version: 1));

        await _harness.Integration.AddCommentAsync(new LinkedWorkItem("42", ProjectId), new HostComment("*done*"));

        Assert.Equal("<p><em>done</em></p>\n", SentText(_harness.Client.Requests[0]));
    }

    [Fact]
    public async Task The_author_name_is_html_encoded()
    {
        _harness.Client.ExpectJson(HttpMethod.Post, CommentsUrl + "?format=html", Comment(id: 7, version: 1));

        await _harness.Integration.AddCommentAsync(new LinkedWorkItem("42", ProjectId), new HostComment("hi", "<b>Eve</b> & co"));

        Assert.StartsWith("<p>&lt;b&gt;Eve&lt;/b&gt; &amp; co wrote:</p>\n<blockquote>", SentText(_harness.Client.Requests[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Updating_patches_the_comment_by_id_and_records_it()
    {
        _harness.Client.ExpectJson(HttpMethod.Patch, CommentsUrl + "/7?format=html", Comment(id: 7, version: 2));

        var result = await _harness.Integration.UpdateCommentAsync(new LinkedWorkItem("42", ProjectId), 7, Note);

        var sent = _harness.Client.AssertSingleSent(HttpMethod.Patch, CommentsUrl + "/7?format=html", ApiVersion);
        Assert.Equal(NoteHtml, SentText(sent));
        Assert.Equal((OutboundSyncOutcome.Updated, 7), (result.Outcome, result.CommentId));
        Assert.Equal((OrganizationId, 42, 7), Assert.Single(_harness.Ledger.Comments));
    }

    [Fact]
    public async Task Deleting_deletes_the_comment_by_id()
    {
        _harness.Client.Expect(HttpMethod.Delete, CommentsUrl + "/7").Respond(HttpStatusCode.NoContent);

        var result = await _harness.Integration.DeleteCommentAsync(new LinkedWorkItem("42", ProjectId), 7);

        _harness.Client.AssertSingleSent(HttpMethod.Delete, CommentsUrl + "/7", ApiVersion);
        Assert.Equal((OutboundSyncOutcome.Updated, 7), (result.Outcome, result.CommentId));
    }

    [Fact]
    public async Task Create_update_delete_round_trip_the_id_azure_devops_returned()
    {
        _harness.Client.ExpectJson(HttpMethod.Post, CommentsUrl + "?format=html", Comment(id: 31, version: 1));
        _harness.Client.ExpectJson(HttpMethod.Patch, CommentsUrl + "/31?format=html", Comment(id: 31, version: 2));
        _harness.Client.Expect(HttpMethod.Delete, CommentsUrl + "/31").Respond(HttpStatusCode.NoContent);
        var issue = new LinkedWorkItem("42", ProjectId);

        var added = await _harness.Integration.AddCommentAsync(issue, Note);
        var updated = await _harness.Integration.UpdateCommentAsync(issue, added.CommentId!.Value, Note with { Text = "edited" });
        var deleted = await _harness.Integration.DeleteCommentAsync(issue, updated.CommentId!.Value);

        _harness.Client.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal([31, 31, 31], new[] { added.CommentId, updated.CommentId, deleted.CommentId });
        Assert.Equal("<p>Jane Doe wrote:</p>\n<blockquote><p>edited</p>\n</blockquote>", SentText(_harness.Client.Requests[1]));
    }

    [Fact]
    public async Task A_comment_that_is_gone_is_target_not_found_on_update_and_delete()
    {
        _harness.Client.Expect(HttpMethod.Patch, CommentsUrl + "/7?format=html").Respond(HttpStatusCode.NotFound);
        _harness.Client.Expect(HttpMethod.Delete, CommentsUrl + "/7").Respond(HttpStatusCode.NotFound);

        var updated = await _harness.Integration.UpdateCommentAsync(new LinkedWorkItem("42", ProjectId), 7, Note);
        var deleted = await _harness.Integration.DeleteCommentAsync(new LinkedWorkItem("42", ProjectId), 7);

        Assert.Equal(OutboundSyncOutcome.TargetNotFound, updated.Outcome);
        Assert.Equal(OutboundSyncOutcome.TargetNotFound, deleted.Outcome);
        Assert.Contains("Comment 7", deleted.Reason, StringComparison.Ordinal);
        Assert.Empty(_harness.Ledger.Comments);
    }

    [Fact]
    public async Task A_failed_add_is_a_VstsApiException_and_records_nothing()
    {
        _harness.Client.Expect(HttpMethod.Post, CommentsUrl + "?format=html").Respond(HttpStatusCode.InternalServerError);

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => _harness.Integration.AddCommentAsync(new LinkedWorkItem("42", ProjectId), Note));

        Assert.Equal(VstsErrorKind.Server, ex.Kind);
        Assert.Single(_harness.Client.Requests); // a comment post is never resent on an ambiguous failure
        Assert.Empty(_harness.Ledger.Comments);
    }

    [Fact]
    public async Task An_identity_deleted_in_Entra_is_an_unauthorized_error_on_every_comment_call()
    {
        const string deleted = """{"message":"VS800075: The user 'x' is currently Deleted within the following Microsoft Entra tenant: contoso.","typeKey":"IdentityDeletedException"}""";
        _harness.Client.Expect(HttpMethod.Post, CommentsUrl + "?format=html").Respond(HttpStatusCode.BadRequest, "application/json", deleted);
        _harness.Client.Expect(HttpMethod.Patch, CommentsUrl + "/7?format=html").Respond(HttpStatusCode.BadRequest, "application/json", deleted);
        _harness.Client.Expect(HttpMethod.Delete, CommentsUrl + "/7").Respond(HttpStatusCode.BadRequest, "application/json", deleted);
        var issue = new LinkedWorkItem("42", ProjectId);

        var errors = new[]
        {
            await Assert.ThrowsAsync<VstsApiException>(() => _harness.Integration.AddCommentAsync(issue, Note)),
            await Assert.ThrowsAsync<VstsApiException>(() => _harness.Integration.UpdateCommentAsync(issue, 7, Note)),
            await Assert.ThrowsAsync<VstsApiException>(() => _harness.Integration.DeleteCommentAsync(issue, 7)),
        };

        Assert.All(errors, e => Assert.Equal(VstsErrorKind.Unauthorized, e.Kind));
        Assert.Empty(_harness.Ledger.Comments);
    }

    [Fact]
    public async Task History_mode_adds_to_System_History_unguarded_and_records_the_revision()
    {
        using var harness = Harness(configure: o => o.Outbound.CommentMode = OutboundCommentMode.HistoryField);
        harness.Client.ExpectJson(HttpMethod.Patch, ItemUrl, Item(rev: 12));

        var result = await harness.Integration.AddCommentAsync(new LinkedWorkItem("42"), Note);

        var sent = harness.Client.AssertSingleSent(HttpMethod.Patch, ItemUrl);
        Assert.Equal(MediaTypes.JsonPatch, sent.ContentType);
        using var body = JsonDocument.Parse(sent.BodyText);
        var op = Assert.Single(body.RootElement.EnumerateArray());
        Assert.Equal("add", op.GetProperty("op").GetString());
        Assert.Equal("/fields/System.History", op.GetProperty("path").GetString());
        Assert.Equal(NoteHtml, op.GetProperty("value").GetString());
        Assert.Equal((OutboundSyncOutcome.Updated, 12, null), (result.Outcome, result.Revision, result.CommentId));
        var ledger = Assert.Single(harness.Ledger.Writes);
        Assert.Equal((12, "System.History"), (ledger.Revision, Assert.Single(ledger.Fields.Keys)));
        Assert.Empty(harness.Ledger.Comments);
    }

    [Fact]
    public async Task History_mode_cannot_update_or_delete_and_says_so_without_a_call()
    {
        using var harness = Harness(configure: o => o.Outbound.CommentMode = OutboundCommentMode.HistoryField);

        var updated = await harness.Integration.UpdateCommentAsync(new LinkedWorkItem("42"), 7, Note);
        var deleted = await harness.Integration.DeleteCommentAsync(new LinkedWorkItem("42"), 7);

        Assert.Equal(OutboundSyncOutcome.NotSupported, updated.Outcome);
        Assert.Equal(OutboundSyncOutcome.NotSupported, deleted.Outcome);
        Assert.Contains("System.History", updated.Reason, StringComparison.Ordinal);
        Assert.Empty(harness.Client.Requests);
    }

    [Fact]
    public async Task Switched_off_in_the_sync_settings_makes_no_call()
    {
        using var harness = Harness(installation: IssueTestHarness.NewInstallation() with { SyncSettings = new VstsSyncSettings { StatusOutbound = true, AssigneeOutbound = true } });
        var issue = new LinkedWorkItem("42", ProjectId);

        var results = new[]
        {
            await harness.Integration.AddCommentAsync(issue, Note),
            await harness.Integration.UpdateCommentAsync(issue, 7, Note),
            await harness.Integration.DeleteCommentAsync(issue, 7),
        };

        Assert.All(results, r => Assert.Equal(OutboundSyncOutcome.Disabled, r.Outcome));
        Assert.Empty(harness.Client.Requests);
    }

    [Fact]
    public async Task Bad_arguments_are_rejected_without_a_call()
    {
        var issue = new LinkedWorkItem("42", ProjectId);
        await Assert.ThrowsAsync<ArgumentException>(() => _harness.Integration.AddCommentAsync(issue, new HostComment(" ", "Jane")));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _harness.Integration.AddCommentAsync(issue, null!));
        await Assert.ThrowsAsync<ArgumentException>(() => _harness.Integration.AddCommentAsync(new LinkedWorkItem("x"), Note));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _harness.Integration.UpdateCommentAsync(issue, 0, Note));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _harness.Integration.DeleteCommentAsync(issue, -1));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _harness.Integration.DeleteCommentAsync(null!, 1));
        Assert.Empty(_harness.Client.Requests);
    }

    private static string SentText(ClientTestHarness.RecordedRequest request)
    {
        using var body = JsonDocument.Parse(request.BodyText);
        Assert.Single(body.RootElement.EnumerateObject());
        return body.RootElement.GetProperty("text").GetString()!;
    }

    private static string Comment(int id, int version) =>
        $$"""{"workItemId":42,"id":{{id}},"version":{{version}},"text":"x","format":"html","createdDate":"2026-11-23T12:00:00Z","isDeleted":false,"url":"{{CommentsUrl}}/{{id}}"}""";
}
