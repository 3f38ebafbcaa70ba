using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Patch;
using static IssueSync.Sdk.Tests.Inbound.WebhookPayloads;

namespace IssueSync.Sdk.Tests.Inbound;

/// <summary><c>workitem.deleted</c> and <c>workitem.commented</c> through the host's optional ports.</summary>
public sealed class InboundDeletedAndCommentedTests : IDisposable
{
    private const int CommentId = 4242;
    private const int CommentRevision = 14;

    private static readonly InboundComment Expected = new(
        WorkItemId,
        CommentId,
        "<div>Reproduced on staging: the cart service answers <b>500</b> when the cart is empty. Stack trace attached.</div>",
        "lauryn",
        "lauryn@sentry.io",
        new DateTimeOffset(2026, 3, 5, 15, 2, 19, 887, TimeSpan.Zero));

    private readonly InboundTestKit _kit = new(optionalPorts: true);

    public void Dispose() => _kit.Dispose();

    // ---- workitem.deleted ----

    [Fact]
    public async Task A_deleted_work_item_is_told_to_every_linked_group_once()
    {
        _kit.Link("g1");
        _kit.Link("g2", resolved: true);
        _kit.Link("g-other", workItemId: WorkItemId + 1);

        var first = await _kit.DeliverAsync("deleted.json");
        var again = await _kit.DeliverAsync("deleted.json");

        Assert.Equal((200, VstsWebhookOutcome.Applied), (first.StatusCode, first.Outcome));
        Assert.Equal(("workitem.deleted", WorkItemId, 15), (first.EventType, first.WorkItemId, first.Revision));
        Assert.Equal(["g1", "g2"], first.ChangedGroupIds);
        Assert.Equal([("g1", WorkItemId, InboundTestKit.Source), ("g2", WorkItemId, InboundTestKit.Source)], _kit.Deletions.Deleted);
        Assert.Equal((200, VstsWebhookOutcome.Duplicate), (again.StatusCode, again.Outcome));
        Assert.Equal(2, _kit.Deletions.Deleted.Count);
        Assert.Empty(_kit.Groups.StatusChanges);
        Assert.Empty(_kit.Client.Requests);
    }

    [Fact]
    public async Task A_deleted_work_item_no_group_links_is_applied_with_nothing_told()
    {
        var result = await _kit.DeliverAsync("deleted.json");

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.Equal("Applied; no group is linked to the work item.", result.Reason);
        Assert.Empty(_kit.Deletions.Deleted);
    }

    [Fact]
    public async Task A_deletion_store_that_throws_answers_503_then_the_redelivery_tells_it()
    {
        _kit.Link("g1");
        _kit.Probe.Fail("IWorkItemDeletionStore.WorkItemDeletedAsync");

        var failed = await _kit.DeliverAsync("deleted.json");
        var redelivered = await _kit.DeliverAsync("deleted.json");

        Assert.Equal((503, VstsWebhookOutcome.StoreUnavailable), (failed.StatusCode, failed.Outcome));
        Assert.Equal(TimeSpan.FromSeconds(60), failed.RetryAfter);
        Assert.Equal((200, VstsWebhookOutcome.Applied), (redelivered.StatusCode, redelivered.Outcome));
        Assert.Single(_kit.Deletions.Deleted);
    }

    [Theory]
    [InlineData("IDeliveryDedupeStore.TryClaimAsync")]
    [InlineData("IGroupStore.FindLinkedGroupsAsync")]
    public async Task A_deleted_event_whose_dedupe_or_group_lookup_fails_answers_503_then_the_redelivery_tells_it(string method)
    {
        _kit.Link("g1");
        _kit.Probe.Fail(method, after: method.StartsWith("IDeliveryDedupeStore", StringComparison.Ordinal) ? 1 : 0);

        var failed = await _kit.DeliverAsync("deleted.json");
        var redelivered = await _kit.DeliverAsync("deleted.json");

        Assert.Equal((503, VstsWebhookOutcome.StoreUnavailable), (failed.StatusCode, failed.Outcome));
        Assert.Equal((200, VstsWebhookOutcome.Applied), (redelivered.StatusCode, redelivered.Outcome));
        Assert.Single(_kit.Deletions.Deleted);
    }

    // ---- workitem.commented ----

    [Fact]
    public async Task A_comment_reaches_every_linked_group_with_its_text_author_date_and_id()
    {
        _kit.Link("g1");
        _kit.Link("g2");

        var result = await _kit.DeliverAsync("commented.json");

        Assert.Equal((200, VstsWebhookOutcome.Applied), (result.StatusCode, result.Outcome));
        Assert.Equal(("workitem.commented", WorkItemId, CommentRevision), (result.EventType, result.WorkItemId, result.Revision));
        Assert.Equal(["g1", "g2"], result.ChangedGroupIds);
        Assert.Equal([("g1", Expected, InboundTestKit.Source), ("g2", Expected, InboundTestKit.Source)], _kit.Comments.Comments);
        Assert.Empty(_kit.Client.Requests);
    }

    [Fact]
    public async Task A_comment_delivered_twice_is_added_once()
    {
        _kit.Link("g1");

        await _kit.DeliverAsync("commented.json");
        var again = await _kit.DeliverAsync("commented.json");

        Assert.Equal((200, VstsWebhookOutcome.Duplicate), (again.StatusCode, again.Outcome));
        Assert.Single(_kit.Comments.Comments);
    }

    [Fact]
    public async Task A_comment_the_sdk_posted_through_the_comments_api_is_skipped()
    {
        _kit.Link("g1");
        await _kit.Ledger.RecordOwnCommentAsync(CollectionId, WorkItemId, CommentId);

        var result = await _kit.DeliverAsync("commented.json");

        Assert.Equal((200, VstsWebhookOutcome.Echo), (result.StatusCode, result.Outcome));
        Assert.Empty(_kit.Comments.Comments);
    }

    [Fact]
    public async Task A_comment_the_sdk_wrote_as_System_History_at_that_revision_is_skipped()
    {
        _kit.Link("g1");
        await _kit.RecordOwnWriteAsync(CommentRevision, WorkItemFields.History);

        var result = await _kit.DeliverAsync("commented.json");

        Assert.Equal((200, VstsWebhookOutcome.Echo), (result.StatusCode, result.Outcome));
        Assert.Empty(_kit.Comments.Comments);
    }

    [Fact]
    public async Task An_own_write_of_other_fields_or_another_comment_does_not_skip_the_comment()
    {
        _kit.Link("g1");
        await _kit.RecordOwnWriteAsync(CommentRevision, WorkItemFields.State);
        await _kit.Ledger.RecordOwnCommentAsync(CollectionId, WorkItemId, CommentId + 1);

        var result = await _kit.DeliverAsync("commented.json");

        Assert.Equal(VstsWebhookOutcome.Applied, result.Outcome);
        Assert.Single(_kit.Comments.Comments);
    }

    [Fact]
    public async Task A_comment_by_a_dedicated_app_identity_is_skipped()
    {
        _kit.UpdateInstallation(i => i with { SdkIdentityId = RevisedById, SdkIdentityIsDedicated = true });
        _kit.Link("g1");

        var result = await _kit.DeliverAsync(Edit("commented.json").WithRevisedById(RevisedById));

        Assert.Equal((200, VstsWebhookOutcome.Echo), (result.StatusCode, result.Outcome));
        Assert.Empty(_kit.Comments.Comments);
    }

    [Fact]
    public async Task A_commented_event_without_comment_text_is_ignored()
    {
        _kit.Link("g1");
        var payload = Edit("commented.json");
        payload.Root["resource"]!["fields"]!.AsObject().Remove("System.History");

        var result = await _kit.DeliverAsync(payload);

        Assert.Equal((200, VstsWebhookOutcome.Ignored), (result.StatusCode, result.Outcome));
        Assert.Empty(_kit.Comments.Comments);
    }

    [Theory]
    [InlineData("ICommentStore.AddCommentAsync")]
    [InlineData("IOwnWriteLedger.IsOwnCommentAsync")]
    [InlineData("IOwnWriteLedger.FindAsync")]
    public async Task A_comment_whose_store_throws_answers_503_then_the_redelivery_adds_it(string method)
    {
        _kit.Link("g1");
        _kit.Probe.Fail(method);

        var failed = await _kit.DeliverAsync("commented.json");
        var redelivered = await _kit.DeliverAsync("commented.json");

        Assert.Equal((503, VstsWebhookOutcome.StoreUnavailable), (failed.StatusCode, failed.Outcome));
        Assert.Equal((200, VstsWebhookOutcome.Applied), (redelivered.StatusCode, redelivered.Outcome));
        Assert.Equal([("g1", Expected, InboundTestKit.Source)], _kit.Comments.Comments);
    }
}
