using System.Net;
using System.Text.Json;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Tests.Client;
using RichardSzalay.MockHttp;
using static IssueSync.Sdk.Tests.Issues.Outbound.OutboundTestData;

namespace IssueSync.Sdk.Tests.Issues.Outbound;

/// <summary>
/// <see cref="HostComment.Id"/> as the idempotency key of <see cref="IIssueIntegration.AddCommentAsync"/>:
/// a comment whose answer was lost is found where it landed (author, creation time, text), never posted twice.
/// </summary>
public sealed class CommentIdempotencyTests : IDisposable
{
    private const string CommentsUrl = Org + ProjectId + "/_apis/wit/workItems/42/comments";
    private const string PostUrl = CommentsUrl + "?format=html";
    private const string SdkIdentity = "5a1c2f3e-0000-4000-8000-00000000a11c";
    private const string Person = "0b7e3f52-0000-4000-8000-0000000b0b00";
    private const string AttemptKey = "comment:42:host-c1";
    private const string Html = "<p>Jane wrote:</p>\n<blockquote><p>Fixed in <strong>1.2.3</strong>.</p>\n</blockquote>";

    private static readonly HostComment Note = new("Fixed in **1.2.3**.", "Jane", Id: "host-c1");
    private static readonly LinkedWorkItem Issue = new("42", ProjectId);

    private readonly IssueTestHarness _harness = Harness(
        installation: AllOn() with { SdkIdentityId = SdkIdentity },
        configure: o => o.Outbound.UnknownOutcomeSettleDelay = TimeSpan.Zero);

    public void Dispose() => _harness.Dispose();

    private static HttpRequestException Lost() => new(HttpRequestError.ResponseEnded, "The response ended prematurely.");

    [Fact]
    public async Task A_comment_whose_answer_was_lost_is_found_by_author_time_and_text_and_not_posted_again()
    {
        _harness.Client.Expect(HttpMethod.Post, PostUrl).Throw(Lost());
        _harness.Client.ExpectJson(HttpMethod.Get, CommentsUrl, Page(
            Listed(5, Person, Html, minutes: 1),                  // a person's comment with the same text
            Listed(6, SdkIdentity, Html, minutes: -10),           // the SDK's, but older than the first attempt
            Listed(7, SdkIdentity, "<p>Something else</p>", minutes: 1),
            Listed(9, SdkIdentity, Html.Replace("\n", " ", StringComparison.Ordinal), minutes: 1), // the one that landed, reflowed
            Listed(11, SdkIdentity, Html, minutes: 2)));          // a later duplicate would keep the lowest id

        var result = await _harness.Integration.AddCommentAsync(Issue, Note);

        _harness.Client.Mock.VerifyNoOutstandingExpectation();
        Assert.Single(_harness.Client.Requests, r => r.Method == HttpMethod.Post);
        Assert.Equal((OutboundSyncOutcome.Updated, 42, 9), (result.Outcome, result.WorkItemId, result.CommentId));
        Assert.True(await _harness.Ledger.Inner.IsOwnCommentAsync(OrganizationId, 42, 9));
        var attempt = await _harness.Ledger.Inner.FindAttemptAsync(OrganizationId, AttemptKey);
        Assert.Equal(9, attempt?.ResultId);
    }

    [Fact]
    public async Task A_comment_already_given_to_another_host_comment_is_not_taken()
    {
        await _harness.Ledger.Inner.RecordOwnCommentAsync(OrganizationId, 42, 9);
        _harness.Client.Expect(HttpMethod.Post, PostUrl).Throw(Lost());
        _harness.Client.ExpectJson(HttpMethod.Get, CommentsUrl, Page(Listed(9, SdkIdentity, Html, minutes: 1)));
        _harness.Client.ExpectJson(HttpMethod.Post, PostUrl, Added(12));

        var result = await _harness.Integration.AddCommentAsync(Issue, Note);

        _harness.Client.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal(12, result.CommentId);
        Assert.Equal(2, _harness.Client.Requests.Count(r => r.Method == HttpMethod.Post));
    }

    [Fact]
    public async Task Adding_the_same_host_comment_again_answers_the_comment_without_a_call()
    {
        _harness.Client.ExpectJson(HttpMethod.Post, PostUrl, Added(7));
        await _harness.Integration.AddCommentAsync(Issue, Note);

        var again = await _harness.Integration.AddCommentAsync(Issue, Note);

        Assert.Equal((OutboundSyncOutcome.AlreadyInTarget, 7), (again.Outcome, again.CommentId));
        Assert.Single(_harness.Client.Requests);
    }

    [Fact]
    public async Task Unknown_outcomes_to_the_bound_throw_unknown_and_the_hosts_retry_looks_before_it_posts()
    {
        _harness.Client.Expect(HttpMethod.Post, PostUrl).Throw(Lost());
        _harness.Client.ExpectJson(HttpMethod.Get, CommentsUrl, Page());
        _harness.Client.Expect(HttpMethod.Post, PostUrl).Throw(Lost());

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => _harness.Integration.AddCommentAsync(Issue, Note));

        Assert.True(ex.IsOutcomeUnknown);
        Assert.NotNull(await _harness.Ledger.Inner.FindAttemptAsync(OrganizationId, AttemptKey));

        // The second POST had landed: the host's retry finds it.
        _harness.Client.ExpectJson(HttpMethod.Get, CommentsUrl, Page(Listed(8, SdkIdentity, Html, minutes: 0)));
        var result = await _harness.Integration.AddCommentAsync(Issue, Note);

        _harness.Client.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal((OutboundSyncOutcome.AlreadyInTarget, 8), (result.Outcome, result.CommentId));
        Assert.Equal(2, _harness.Client.Requests.Count(r => r.Method == HttpMethod.Post));
    }

    [Fact]
    public async Task Without_a_configured_identity_the_author_is_the_token_owner()
    {
        using var harness = Harness(configure: o => o.Outbound.UnknownOutcomeSettleDelay = TimeSpan.Zero);
        harness.Client.Expect(HttpMethod.Post, PostUrl).Throw(Lost());
        harness.Client.ExpectJson(HttpMethod.Get, Org + "_apis/connectionData", $$"""{"authenticatedUser":{"id":"{{SdkIdentity}}","providerDisplayName":"Sync"},"instanceId":"{{OrganizationId}}"}""");
        harness.Client.ExpectJson(HttpMethod.Get, CommentsUrl, Page(Listed(9, SdkIdentity, Html, minutes: 1)));

        var result = await harness.Integration.AddCommentAsync(Issue, Note);

        harness.Client.Mock.VerifyNoOutstandingExpectation();
        Assert.Equal(9, result.CommentId);
    }

    [Fact]
    public async Task A_failed_search_leaves_the_outcome_unknown_and_posts_nothing_more()
    {
        _harness.Client.Expect(HttpMethod.Post, PostUrl).Throw(Lost());
        _harness.Client.Expect(HttpMethod.Get, CommentsUrl).Respond(HttpStatusCode.InternalServerError);

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => _harness.Integration.AddCommentAsync(Issue, Note));

        Assert.True(ex.IsOutcomeUnknown);
        Assert.Single(_harness.Client.Requests, r => r.Method == HttpMethod.Post);
    }

    [Fact]
    public async Task A_comment_refused_for_certain_leaves_no_attempt()
    {
        _harness.Client.Expect(HttpMethod.Post, PostUrl).Respond(HttpStatusCode.BadRequest);

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => _harness.Integration.AddCommentAsync(Issue, Note));

        Assert.False(ex.IsOutcomeUnknown);
        Assert.Null(await _harness.Ledger.Inner.FindAttemptAsync(OrganizationId, AttemptKey));
    }

    [Fact]
    public async Task Without_a_host_comment_id_no_attempt_is_recorded()
    {
        _harness.Client.ExpectJson(HttpMethod.Post, PostUrl, Added(7));

        await _harness.Integration.AddCommentAsync(Issue, Note with { Id = null });

        Assert.Empty(_harness.Ledger.Attempts);
    }

    [Theory]
    [InlineData("<p>a <b>b</b></p>", "a b")]
    [InlineData("<p>x &amp; y</p>\n<blockquote>z</blockquote>", "x & y z")]
    [InlineData(null, "")]
    public void Comment_text_is_compared_without_markup(string? html, string text) =>
        Assert.Equal(text, IssueIntegration.CommentText(html));

    private static string Added(int id) =>
        $$"""{"workItemId":42,"id":{{id}},"version":1,"text":"x","format":"html","createdDate":"2026-11-23T12:00:00Z","isDeleted":false}""";

    /// <summary>A listed comment created <paramref name="minutes"/> after the test clock's start (the first attempt).</summary>
    private static string Listed(int id, string author, string text, int minutes) =>
        $$"""{"workItemId":42,"id":{{id}},"version":1,"text":{{JsonSerializer.Serialize(text)}},"format":"html","createdBy":{"id":"{{author}}","displayName":"x"},"createdDate":"{{new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero).AddMinutes(minutes):O}}","isDeleted":false}""";

    private static string Page(params string[] comments) =>
        $$"""{"totalCount":{{comments.Length}},"count":{{comments.Length}},"comments":[{{string.Join(',', comments)}}]}""";
}
