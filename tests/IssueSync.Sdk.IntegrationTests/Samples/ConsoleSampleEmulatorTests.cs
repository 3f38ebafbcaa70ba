using IssueSync.Samples.Console;

namespace IssueSync.Sdk.IntegrationTests.Samples;

/// <summary>The console sample's <c>--emulator</c> mode works on a machine with no account: it runs and exits 0.</summary>
public class ConsoleSampleEmulatorTests
{
    [Fact]
    public async Task The_emulator_mode_lists_prints_subscribes_creates_comments_and_a_webhook_resolves_the_group_and_exits_0()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await EmulatorMode.RunAsync(workItemId: null, output, error, CancellationToken.None);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error.ToString());
        var text = output.ToString();
        Assert.Contains("2 projects.", text, StringComparison.Ordinal);
        Assert.Contains("  Title:      The login page times out", text, StringComparison.Ordinal);
        Assert.Contains("  Assignee:   ada@example.com", text, StringComparison.Ordinal);
        Assert.Contains("Created work item 2 for group-1: Checkout fails for some users", text, StringComparison.Ordinal);
        Assert.Matches(@"Subscribed https://127\.0\.0\.1:\d+/extensions/vsts/issue-updated to workitem\.updated \(Created\)\.", text);
        Assert.Contains("Grace Hopper moved work item 2 to Resolved (revision 3).", text, StringComparison.Ordinal);
        Assert.Contains("Azure DevOps delivered workitem.updated (revision 3) to /extensions/vsts/issue-updated: 200 (Applied).", text, StringComparison.Ordinal);
        Assert.Contains("group-1 is now resolved (changed by the webhook, source sample-integration).", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_work_item_in_emulator_mode_exits_1_with_the_reason()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await EmulatorMode.RunAsync(workItemId: 999, output, error, CancellationToken.None);

        Assert.Equal(1, exitCode);
        Assert.Contains("Azure DevOps call failed (NotFound)", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Created work item", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_program_entry_point_with_the_emulator_flag_exits_0()
    {
        // The compiler's synchronous Main around the top-level statements: what `dotnet run -- --emulator` calls.
        var entryPoint = typeof(EmulatorMode).Assembly.EntryPoint!;

        var exitCode = entryPoint.Invoke(null, [new[] { "--emulator" }]);

        Assert.Equal(0, exitCode);
    }

    [Fact]
    public void The_emulator_flag_needs_no_url_or_token_and_refuses_them_when_given()
    {
        var environment = new Dictionary<string, string?> { [SampleArguments.OrganizationUrlVariable] = "https://dev.azure.com/fabrikam/", [SampleArguments.PersonalAccessTokenVariable] = "pat" };

        var (emulator, noError) = SampleArguments.Parse(["--emulator", "--work-item", "3"], name => environment.GetValueOrDefault(name));
        var (_, withToken) = SampleArguments.Parse(["--emulator", "--pat", "secret-token"], _ => null);

        Assert.Null(noError);
        Assert.Equal((true, 3, null, null), (emulator!.UseEmulator, emulator.WorkItemId, emulator.OrganizationUrl, emulator.PersonalAccessToken));
        Assert.Equal("--emulator runs against the built-in emulator; leave out --organization-url and --pat.", withToken);
        Assert.DoesNotContain("secret-token", withToken, StringComparison.Ordinal);
    }
}
