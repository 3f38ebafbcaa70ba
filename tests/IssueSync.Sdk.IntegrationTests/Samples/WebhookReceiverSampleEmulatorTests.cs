namespace IssueSync.Sdk.IntegrationTests.Samples;

/// <summary>The webhook receiver sample's <c>--emulator</c> mode works on a machine with no account: it runs and exits 0.</summary>
public class WebhookReceiverSampleEmulatorTests
{
    [Fact]
    public async Task The_emulator_mode_subscribes_and_the_delivered_webhooks_resolve_and_assign_the_group_and_exit_0()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await IssueSync.Samples.WebhookReceiver.EmulatorMode.RunAsync(output, error, CancellationToken.None);

        Assert.Equal((0, string.Empty), (exitCode, error.ToString()));
        var text = output.ToString();
        Assert.Matches(@"Subscribed https://127\.0\.0\.1:\d+/extensions/vsts/issue-updated to workitem\.updated \(Created\)\.", text);
        Assert.Contains("Grace Hopper resolved work item 1 (revision 2) and assigned it to Jamie (revision 3).", text, StringComparison.Ordinal);
        Assert.Contains("Delivered workitem.updated (revision 2) to /extensions/vsts/issue-updated: 200 (Applied).", text, StringComparison.Ordinal);
        Assert.Contains("Delivered workitem.updated (revision 3) to /extensions/vsts/issue-updated: 200 (Applied).", text, StringComparison.Ordinal);
        Assert.Contains("""GET /sample/groups: [{"GroupId":"group-1","WorkItemId":1,"IsResolved":true,"AssigneeUserId":"user-1"}]""", text, StringComparison.Ordinal);
    }
}
