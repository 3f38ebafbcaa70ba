using System.Text.RegularExpressions;
using IssueSync.Samples.Console;
using IssueSync.Sdk.Testing;

namespace IssueSync.Sdk.IntegrationTests.Samples;

/// <summary>
/// The console sample with no arguments (the README's first command) runs the whole round trip on the
/// built-in emulator, on a machine with no account, and prints each step with its calls and a summary.
/// </summary>
public class ConsoleSampleEmulatorTests
{
    /// <summary>The whole output of a run, with the two loopback ports (the only part that changes between runs) written as PORT.</summary>
    private const string ExpectedOutput = """
        IssueSync.Sdk round trip against the built-in Azure DevOps emulator (no account needed).
        Emulated organization: http://127.0.0.1:PORT/sample/
        The host's webhook endpoint: https://127.0.0.1:PORT/extensions/vsts/issue-updated

        1. Install: resolve the organization and subscribe the webhook
           Organization 'sample' is at http://127.0.0.1:PORT/sample/ (id 5a3b1e0c-0d7f-4a8e-9c1d-2b6f0e4a7c11); the token is IssueSync Emulator's.
           Subscribed workitem.updated to the host's webhook endpoint (Created).
           HTTP calls (3):
             GET    /_apis/resourceAreas/79134c72-4a58-4b42-976c-04e7115f32bf?accountName=sample -> 200
             GET    /sample/_apis/connectionData -> 200
             POST   /sample/_apis/hooks/subscriptions -> 200

        2. Create a work item from host group group-1
           Work item type: Bug (the default type of Microsoft.BugCategory).
           Created work item 1 "Checkout fails for some users" from group-1; the host links the group to it.
           http://127.0.0.1:PORT/sample/_workitems/edit/1
           Description (Markdown, stored as HTML): <p>The <strong>cart</strong> is empty after login.</p> <ol> <li>Sign in</li> <li>Open the cart</li> </ol> <p>Seen by <code>12</code> users since the last release.</p>
           HTTP calls (8):
             GET    /sample/{Project 1}/_apis/wit/workitemtypecategories -> 200
             GET    /sample/{Project 1}/_apis/wit/workitemtypes -> 200
             GET    /sample/{Project 1}/_apis/wit/workitemtypecategories -> 200
             GET    /sample/{Project 1}/_apis/wit/classificationnodes/areas?$depth=14 -> 200
             GET    /sample/{Project 1}/_apis/wit/classificationnodes/iterations?$depth=14 -> 200
             GET    /sample/{Project 1}/_apis/wit/workitemtypes/Bug/fields?$expand=all -> 200
             GET    /sample/_apis/wit/fields -> 200
             POST   /sample/{Project 1}/_apis/wit/workitems/$Bug -> 200

        3. Resolve the group: status outbound
           Status mapping (by state category): resolved = Resolved, unresolved = New.
           The host resolved group-1; work item 1 moved to Resolved (revision 2).
           Azure DevOps posted workitem.updated (revision 2) to the host: 200 Echo (the SDK's own write, nothing to apply).
           HTTP calls (4):
             GET    /sample/{Project 1}/_apis/wit/workitemtypes/Bug/states -> 200
             GET    /sample/_apis/wit/workitems/1?fields=System.State,System.WorkItemType,System.TeamProject,System.AssignedTo -> 200
             GET    /sample/{Project 1}/_apis/wit/workitemtypes/Bug/states -> 200
             PATCH  /sample/_apis/wit/workitems/1 -> 200

        4. Assign the group to Ada: assignee outbound (matched by email)
           The host assigned group-1 to Ada Lovelace (ada@example.com); work item 1 is assigned to ada@example.com (revision 3).
           Azure DevOps posted workitem.updated (revision 3) to the host: 200 Echo (the SDK's own write, nothing to apply).
           HTTP calls (3):
             GET    /sample/_apis/graph/users -> 200
             GET    /sample/_apis/wit/workitems/1?fields=System.State,System.WorkItemType,System.TeamProject,System.AssignedTo -> 200
             PATCH  /sample/_apis/wit/workitems/1 -> 200

        5. Comment on the group
           The host's comment "Seen again by **3 users** today." is comment 2 on work item 1:
           <p>Ada (host) wrote:</p> <blockquote><p>Seen again by <strong>3 users</strong> today.</p> </blockquote>
           Azure DevOps posted workitem.updated (revision 4) to the host: 200 Ignored (nothing the host syncs changed).
           HTTP calls (1):
             POST   /sample/{Project 1}/_apis/wit/workItems/1/comments?format=html -> 200

        6. In Azure DevOps, Grace reassigns and reopens the work item: the webhooks update the group
           Grace Hopper assigns work item 1 to herself (revision 5).
           Grace Hopper moves work item 1 back to Active (revision 6).
           Azure DevOps posted workitem.updated (revision 5) to the host: 200 Applied (the change was applied to the host's group).
           Azure DevOps posted workitem.updated (revision 6) to the host: 200 Applied (the change was applied to the host's group).
           The host's group-1 is now unresolved and assigned to user-grace.
           HTTP calls (0):

        Summary
           Step                         HTTP calls  Webhooks
           1. Install                            3         0
           2. Create work item                   8         0
           3. Resolve (status out)               4         1
           4. Assign (assignee out)              3         1
           5. Comment                            1         1
           6. Reassign + reopen (in)             0         2
           Total                                19         5

        Every step did what it should.

        """;

    [Fact]
    public async Task With_no_arguments_the_sample_runs_every_step_on_the_emulator_prints_its_calls_and_the_summary_and_exits_0()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await SampleProgram.RunAsync([], NoEnvironment, output, error, CancellationToken.None);

        Assert.Equal((0, string.Empty), (exitCode, error.ToString()));
        Assert.Equal(ExpectedOutput.ReplaceLineEndings(), WithoutPorts(output.ToString()).ReplaceLineEndings());
    }

    [Fact]
    public async Task The_emulator_flag_runs_the_same_round_trip_even_when_the_environment_names_an_organization()
    {
        var environment = new Dictionary<string, string?>
        {
            [SampleArguments.OrganizationUrlVariable] = "https://dev.azure.com/fabrikam/",
            [SampleArguments.PersonalAccessTokenVariable] = "not-used",
            [SampleArguments.ProjectVariable] = "Fabrikam",
        };
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await SampleProgram.RunAsync(["--emulator"], name => environment.GetValueOrDefault(name), output, error, CancellationToken.None);

        Assert.Equal((0, string.Empty), (exitCode, error.ToString()));
        Assert.Equal(ExpectedOutput.ReplaceLineEndings(), WithoutPorts(output.ToString()).ReplaceLineEndings());
    }

    [Fact]
    public void The_program_entry_point_with_the_emulator_flag_exits_0()
    {
        // The compiler's synchronous Main around the top-level statements: what `dotnet run -- --emulator` calls.
        var entryPoint = typeof(SampleProgram).Assembly.EntryPoint!;

        var exitCode = entryPoint.Invoke(null, [new[] { "--emulator" }]);

        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task Help_prints_the_usage_with_every_option_and_exits_0()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await SampleProgram.RunAsync(["--help"], NoEnvironment, output, error, CancellationToken.None);

        Assert.Equal((0, string.Empty), (exitCode, error.ToString()));
        var usage = output.ToString();
        Assert.StartsWith("IssueSync.Samples.Console: a small host of IssueSync.Sdk", usage, StringComparison.Ordinal);
        foreach (var option in (string[])["--emulator", "--organization-url URL", "--pat TOKEN", "--project NAME", "--work-item ID", "--verbose", "--help", "AZURE_DEVOPS_ORG_URL", "AZURE_DEVOPS_PAT", "AZURE_DEVOPS_PROJECT"])
        {
            Assert.Contains(option, usage, StringComparison.Ordinal);
        }

        Assert.Contains("Without a project it only lists the organization's projects (writing nothing)", usage.ReplaceLineEndings(" "), StringComparison.Ordinal);
        Assert.Contains("Exit codes: 0 done, 1 Azure DevOps refused or failed a call", usage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_the_round_trip_exits_130_with_one_line()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var exitCode = await SampleProgram.RunAsync([], NoEnvironment, output, error, cancelled.Token);

        Assert.Equal(130, exitCode);
        Assert.Equal("Cancelled." + Environment.NewLine, error.ToString());
    }

    [Fact]
    public async Task When_Azure_DevOps_refuses_a_step_the_steps_calls_and_the_summary_are_printed_and_it_exits_1_with_one_line()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var options = new EmulatorRunOptions
        {
            BeforeStep = (step, emulator) =>
            {
                if (step == 3)
                {
                    emulator.AddFault(new FaultRule { Method = HttpMethod.Patch, Path = "_apis/wit/workitems/{id}", Fault = EmulatorFault.Status(403) });
                }
            },
        };

        var exitCode = await EmulatorMode.RunAsync(verbose: false, output, error, options, CancellationToken.None);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(error.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
        Assert.StartsWith("Azure DevOps denied ", line, StringComparison.Ordinal);
        Assert.Contains("(403 Forbidden)", line, StringComparison.Ordinal);
        Assert.EndsWith("Check the PAT's scopes (Work Items (Read & Write) and Project and Team (Read); Service Hooks (Read & Write) to subscribe webhooks) and your permissions in the project.", line, StringComparison.Ordinal);
        var text = output.ToString().ReplaceLineEndings("\n");
        Assert.Contains("\n     PATCH  /sample/_apis/wit/workitems/1 -> 403\n", text, StringComparison.Ordinal);
        Assert.EndsWith(
            """
            Summary
               Step                         HTTP calls  Webhooks
               1. Install                            3         0
               2. Create work item                   8         0
               3. Resolve (status out)               4         0
               Total                                15         0

            """.ReplaceLineEndings("\n"),
            text,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_webhooks_do_not_arrive_the_last_step_fails_and_it_exits_1_with_one_line()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        IDisposable? held = null;
        var options = new EmulatorRunOptions
        {
            DeliveryWait = TimeSpan.FromSeconds(3), // every step waits this long for its webhook: 300 ms was too short for step 3 on a loaded machine
            BeforeStep = (step, emulator) =>
            {
                if (step == 6)
                {
                    held = emulator.HoldDeliveries();
                }
            },
        };

        int exitCode;
        try
        {
            exitCode = await EmulatorMode.RunAsync(verbose: false, output, error, options, CancellationToken.None);
        }
        finally
        {
            held?.Dispose();
        }

        Assert.Equal(1, exitCode);
        Assert.Equal("Step 6 did not do what it should: the webhooks were not delivered in time." + Environment.NewLine, error.ToString());
        var text = output.ToString().ReplaceLineEndings("\n");
        Assert.Contains("\n   No workitem.updated for revision 5 arrived within 3 s.\n", text, StringComparison.Ordinal);
        Assert.Contains("\n   6. Reassign + reopen (in)             0         0\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Every step did what it should.", text, StringComparison.Ordinal);
    }

    internal static string? NoEnvironment(string name) => null;

    internal static string WithoutPorts(string text) => Regex.Replace(text, @"127\.0\.0\.1:\d+", "127.0.0.1:PORT");
}
