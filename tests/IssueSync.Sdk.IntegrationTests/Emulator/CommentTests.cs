using IssueSync.Sdk.Client;

namespace IssueSync.Sdk.IntegrationTests.Emulator;

public class CommentTests
{
    [Fact]
    public async Task Comments_are_added_listed_edited_and_deleted_through_the_comments_api()
    {
        await using var harness = await SdkHarness.StartAsync();
        var item = harness.Organization.AddWorkItem("Project 1", "Bug", "Crash");
        var comments = harness.Client.Comments;

        var added = await comments.AddAsync("Project 1", item.Id, "First **note**", CommentFormat.Markdown, default);
        var second = await comments.AddAsync("Project 1", item.Id, "<p>Second</p>", cancellationToken: default);
        var edited = await comments.UpdateAsync("Project 1", item.Id, added.Id, "First note, edited", CommentFormat.Markdown, default);
        await comments.DeleteAsync("Project 1", item.Id, second.Id, default);
        var listed = new List<int>();
        await foreach (var comment in comments.ListAsync("Project 1", item.Id, pageSize: 1, cancellationToken: default))
        {
            listed.Add(comment.Id);
        }

        Assert.Equal((1, CommentFormat.Markdown, item.Id), (added.Version, added.Format, added.WorkItemId));
        Assert.Equal((2, "First note, edited"), (edited.Version, edited.Text));
        Assert.Equal([added.Id], listed);
        var stored = harness.Organization.GetComments(item.Id);
        Assert.Equal([(added.Id, false, 2), (second.Id, true, 1)], stored.Select(c => (c.Id, c.IsDeleted, c.Version)));
        // Each added comment is a revision of the work item (System.History, System.CommentCount); edits are not.
        var now = harness.Organization.GetWorkItem(item.Id)!;
        Assert.Equal((3, "2"), (now.Revision, now.GetString("System.CommentCount")));
        Assert.All(harness.RequestsTo("Project%201/_apis/wit/workItems"), r => Assert.Equal("7.1-preview.4", r.ApiVersion));
    }

    [Fact]
    public async Task A_comment_of_an_unknown_work_item_or_an_unknown_comment_is_NotFound()
    {
        await using var harness = await SdkHarness.StartAsync();
        var item = harness.Organization.AddWorkItem("Project 1", "Bug", "Crash");

        var noItem = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.Comments.AddAsync("Project 1", 999, "hello", cancellationToken: default));
        var noComment = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.Comments.UpdateAsync("Project 1", item.Id, 42, "hello", cancellationToken: default));

        Assert.Equal((VstsErrorKind.NotFound, "TF401232"), (noItem.Kind, noItem.ErrorCode));
        Assert.Equal(VstsErrorKind.NotFound, noComment.Kind);
        Assert.Empty(harness.Organization.GetComments(item.Id));
    }

    [Fact]
    public async Task A_history_value_in_a_patch_becomes_a_comment_and_the_answer_names_it()
    {
        await using var harness = await SdkHarness.StartAsync();
        var item = harness.Organization.AddWorkItem("Project 1", "Bug", "Crash");

        var patch = Patch.WorkItemPatch.ForUpdate(new Patch.WorkItemUpdateFields { Comment = "<p>From the host</p>" });
        var updated = await harness.Client.WorkItems.UpdateAsync(item.Id, patch, cancellationToken: default);

        var comment = Assert.Single(harness.Organization.GetComments(item.Id));
        Assert.Equal(("<p>From the host</p>", "html", harness.Organization.AuthenticatedUser), (comment.Text, comment.Format, comment.CreatedBy));
        Assert.Equal("<p>From the host</p>", updated.GetString("System.History"));
    }
}
