using System.Net;
using System.Net.Sockets;
using System.Text;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Patch;
using RichardSzalay.MockHttp;

namespace IssueSync.Sdk.Tests.Client;

/// <summary>
/// <see cref="VstsApiException.IsOutcomeUnknown"/>: a change that may have been applied although it failed,
/// told apart from one that certainly was not, and from a read (never unknown).
/// </summary>
public class VstsOutcomeTests
{
    private const string Org = ClientTestHarness.OrganizationUrl;
    private const string ItemUrl = Org + "_apis/wit/workitems/7";
    private const string CreateUrl = Org + "Fabrikam/_apis/wit/workitems/$Bug";
    private const string CommentsUrl = Org + "Fabrikam/_apis/wit/workItems/7/comments?format=html";

    private static WorkItemPatch CreatePatch => WorkItemPatch.ForCreate(new WorkItemCreateFields { Title = "t" });

    private static WorkItemPatch GuardedPatch => WorkItemPatch.CreateBuilder().TestRevision(3).ReplaceField("System.Title", "New title").Build();

    public static TheoryData<string> LostAfterSending => ["reset", "response ended"];

    [Theory]
    [MemberData(nameof(LostAfterSending))]
    public async Task A_create_whose_answer_was_lost_has_an_unknown_outcome(string failure)
    {
        using var harness = new ClientTestHarness();
        harness.Expect(HttpMethod.Post, CreateUrl).Throw(failure == "reset"
            ? new HttpRequestException("Connection reset by peer", new IOException("reset", new SocketException((int)SocketError.ConnectionReset)))
            : new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.WorkItems.CreateAsync("Fabrikam", "Bug", CreatePatch));

        Assert.True(ex.IsOutcomeUnknown);
        Assert.True(ex.IsTransient);
        Assert.Single(harness.Requests); // a create is not resent blindly
    }

    [Fact]
    public async Task A_create_that_timed_out_has_an_unknown_outcome()
    {
        using var harness = new ClientTestHarness(configureOptions: o => o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(10));
        harness.ExpectNoAnswer(HttpMethod.Post, CreateUrl);

        var call = harness.Client.WorkItems.CreateAsync("Fabrikam", "Bug", CreatePatch);
        await harness.Time.WaitForTimerAsync(TimeSpan.FromSeconds(10));
        harness.Time.Advance(TimeSpan.FromSeconds(10));

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => call);
        Assert.Equal(VstsErrorKind.Timeout, ex.Kind);
        Assert.True(ex.IsOutcomeUnknown);
        Assert.Single(harness.Requests);
    }

    [Theory]
    [InlineData(HttpRequestError.ConnectionError)]
    [InlineData(HttpRequestError.NameResolutionError)]
    [InlineData(HttpRequestError.SecureConnectionError)]
    public async Task A_create_that_never_left_has_a_known_outcome(HttpRequestError error)
    {
        using var harness = new ClientTestHarness();
        harness.Expect(HttpMethod.Post, CreateUrl).Throw(new HttpRequestException(error, "Connection refused"));

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.WorkItems.CreateAsync("Fabrikam", "Bug", CreatePatch));

        Assert.Equal(VstsErrorKind.Network, ex.Kind);
        Assert.False(ex.IsOutcomeUnknown);
        Assert.True(ex.IsTransient);
    }

    [Theory]
    [InlineData(500, null, true)]
    [InlineData(502, null, true)]
    [InlineData(504, null, true)]
    [InlineData(503, null, true)]
    [InlineData(408, null, true)]
    [InlineData(400, null, false)]
    [InlineData(404, null, false)]
    [InlineData(401, null, false)]
    public async Task A_comment_answered_with_an_error_is_unknown_only_for_server_failures(int status, string? retryAfter, bool unknown)
    {
        using var harness = new ClientTestHarness(configureOptions: o => o.Resilience.MaxRetries = 0);
        harness.Expect(HttpMethod.Post, CommentsUrl).Respond(_ => Answer(status, retryAfter));

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.Comments.AddAsync("Fabrikam", 7, "<p>hi</p>", CommentFormat.Html));

        Assert.Equal(unknown, ex.IsOutcomeUnknown);
    }

    [Fact]
    public async Task A_503_with_retry_after_and_a_429_were_not_processed()
    {
        using var harness = new ClientTestHarness(configureOptions: o =>
        {
            o.Resilience.MaxRetries = 0;
            o.Resilience.MaxRetryAfter = TimeSpan.Zero;
        });
        harness.Expect(HttpMethod.Post, CreateUrl).Respond(_ => Answer(503, "1"));
        harness.Expect(HttpMethod.Post, CreateUrl).Respond(_ => Answer(429, null));

        var first = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.WorkItems.CreateAsync("Fabrikam", "Bug", CreatePatch));
        var second = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.WorkItems.CreateAsync("Fabrikam", "Bug", CreatePatch));

        Assert.False(first.IsOutcomeUnknown);
        Assert.False(second.IsOutcomeUnknown);
    }

    [Fact]
    public async Task A_success_whose_body_cannot_be_read_was_applied_but_is_unknown()
    {
        using var harness = new ClientTestHarness();
        harness.Expect(HttpMethod.Post, CreateUrl).Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"id\": 7, ", Encoding.UTF8, "application/json") });

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.WorkItems.CreateAsync("Fabrikam", "Bug", CreatePatch));

        Assert.Equal(VstsErrorKind.InvalidResponse, ex.Kind);
        Assert.True(ex.IsOutcomeUnknown);
    }

    [Fact]
    public async Task A_guarded_update_lost_then_blocked_stays_unknown_however_the_last_attempt_ended()
    {
        // The first attempt may have landed; the retry was answered "not processed". The change may be there.
        using var harness = new ClientTestHarness(configureOptions: o =>
        {
            o.Resilience.MaxRetries = 1;
            o.Resilience.MaxRetryAfter = TimeSpan.Zero;
        });
        harness.Expect(HttpMethod.Patch, ItemUrl).Throw(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));
        harness.Expect(HttpMethod.Patch, ItemUrl).Respond(_ => Answer(503, "1"));

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.WorkItems.UpdateAsync(7, GuardedPatch));

        Assert.Equal(VstsErrorKind.Unavailable, ex.Kind);
        Assert.True(ex.IsOutcomeUnknown);
        Assert.Equal(2, harness.Requests.Count);
    }

    [Fact]
    public async Task A_guarded_update_refused_before_processing_then_failed_for_good_is_known()
    {
        using var harness = new ClientTestHarness(configureOptions: o => o.Resilience.MaxRetryAfter = TimeSpan.Zero);
        harness.Expect(HttpMethod.Patch, ItemUrl).Respond(_ => Answer(429, null));
        harness.Expect(HttpMethod.Patch, ItemUrl).Respond(_ => Answer(400, null));

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.WorkItems.UpdateAsync(7, GuardedPatch));

        Assert.Equal(VstsErrorKind.Validation, ex.Kind);
        Assert.False(ex.IsOutcomeUnknown);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(-1)] // no answer
    public async Task A_read_is_never_unknown(int status)
    {
        using var harness = new ClientTestHarness(configureOptions: o => o.Resilience.MaxRetries = 0);
        var request = harness.Expect(HttpMethod.Get, ItemUrl);
        if (status < 0)
        {
            request.Throw(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));
        }
        else
        {
            request.Respond(_ => Answer(status, null));
        }

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.WorkItems.GetAsync(7));

        Assert.False(ex.IsOutcomeUnknown);
    }

    [Fact]
    public async Task A_query_sent_as_a_post_is_a_read()
    {
        using var harness = new ClientTestHarness(configureOptions: o => o.Resilience.MaxRetries = 0);
        harness.Expect(HttpMethod.Post, Org + "_apis/wit/wiql").Respond(_ => Answer(500, null));

        var ex = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.WorkItems.QueryIdsAsync("SELECT [System.Id] FROM WorkItems"));

        Assert.False(ex.IsOutcomeUnknown);
    }

    private static HttpResponseMessage Answer(int status, string? retryAfter)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent("{\"message\":\"failed\"}", Encoding.UTF8, "application/json") };
        if (retryAfter is not null)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        }

        return response;
    }
}
