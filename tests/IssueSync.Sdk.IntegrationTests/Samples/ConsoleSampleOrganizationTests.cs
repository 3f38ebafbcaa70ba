using System.Text.RegularExpressions;
using IssueSync.Samples.Console;
using IssueSync.Sdk.Testing;

namespace IssueSync.Sdk.IntegrationTests.Samples;

/// <summary>
/// The console sample against a "real" organization: the emulator, given to it only as an
/// organization URL and a PAT, as a user would pass dev.azure.com and a token.
/// </summary>
public sealed class ConsoleSampleOrganizationTests : IAsyncLifetime
{
    private VstsEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await VstsEmulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private string Url => _emulator.OrganizationUrl.AbsoluteUri;

    [Fact]
    public async Task With_a_project_it_creates_comments_resolves_and_reads_back_a_work_item_by_category_and_prints_its_url()
    {
        var (exitCode, output, error) = await RunAsync("--organization-url", Url, "--pat", _emulator.PersonalAccessToken, "--project", "Project 1");

        Assert.Equal((0, string.Empty), (exitCode, error));
        var item = _emulator.Organization.GetWorkItem(1)!;
        Assert.Null(_emulator.Organization.GetWorkItem(2));
        Assert.Equal(("Bug", "Resolved", "Checkout fails for some users"), (item.WorkItemType, item.State, item.Title));
        Assert.Equal(_emulator.Organization.Projects[0].Id, item.ProjectId);
        Assert.Contains("<strong>cart</strong>", item.GetString("System.Description"), StringComparison.Ordinal);
        Assert.Contains("issuesync-sample", item.Tags);
        Assert.Matches("^issuesync:console-sample-[0-9]{8}-[0-9]{6}$", Assert.Single(item.Tags, t => t.StartsWith("issuesync:", StringComparison.Ordinal)));
        var comment = Assert.Single(_emulator.Organization.GetComments(item.Id), c => c.Text.Contains("3 users", StringComparison.Ordinal));
        Assert.Contains("Ada (host) wrote:", comment.Text, StringComparison.Ordinal);

        var lines = output.ReplaceLineEndings("\n");
        Assert.StartsWith($"Organization {Url}, project Project 1.\nSigned in as IssueSync Emulator.\n", lines, StringComparison.Ordinal);
        Assert.Contains("Work item type Bug (the default of Microsoft.BugCategory); resolved state Resolved, unresolved state New (by state category).\n", lines, StringComparison.Ordinal);
        Assert.Matches(@"\nCreated work item 1 from sample group console-sample-\d{8}-\d{6}: Checkout fails for some users\n", lines);
        Assert.Contains($"\nAdded comment {comment.Id} to work item 1.\n", lines, StringComparison.Ordinal);
        Assert.Contains("\nResolved the group: work item 1 moved to Resolved (revision 3).\n", lines, StringComparison.Ordinal);
        Assert.Contains("\nWork item 1 (revision 3)\n  Type:       Bug\n  State:      Resolved\n  Title:      Checkout fails for some users\n", lines, StringComparison.Ordinal);
        Assert.Contains($"\n  URL:        {Url}_workitems/edit/1\n", lines, StringComparison.Ordinal);
        Assert.EndsWith("\n" + OrganizationMode.InboundNote.ReplaceLineEndings("\n") + "\n", lines, StringComparison.Ordinal);
        Assert.Contains("samples/IssueSync.Samples.WebhookReceiver", OrganizationMode.InboundNote, StringComparison.Ordinal);
        Assert.Contains("public https URL", OrganizationMode.InboundNote.ReplaceLineEndings(" "), StringComparison.Ordinal);

        var project = _emulator.Organization.Projects[0].Id;
        Assert.Equal(
            [
                "GET /emulated/_apis/connectionData",
                "GET /emulated/_apis/projects/Project%201",
                $"GET /emulated/{project}/_apis/wit/workitemtypecategories",
                $"GET /emulated/{project}/_apis/wit/workitemtypes/Bug/states",
                $"GET /emulated/{project}/_apis/wit/workitemtypes", // the SDK reads what the create is checked against
                $"GET /emulated/{project}/_apis/wit/workitemtypecategories",
                $"GET /emulated/{project}/_apis/wit/classificationnodes/areas",
                $"GET /emulated/{project}/_apis/wit/classificationnodes/iterations",
                $"GET /emulated/{project}/_apis/wit/workitemtypes/Bug/fields",
                "GET /emulated/_apis/wit/fields",
                $"POST /emulated/{project}/_apis/wit/workitems/$Bug",
                $"POST /emulated/{project}/_apis/wit/workItems/1/comments",
                "GET /emulated/_apis/wit/workitems/1",
                $"GET /emulated/{project}/_apis/wit/workitemtypes/Bug/states", // the SDK's own, by project id
                "PATCH /emulated/_apis/wit/workitems/1",
                "GET /emulated/_apis/wit/workitems/1",
            ],
            _emulator.Requests.Select(r => r.Method + " " + r.PathAndQuery.Split('?')[0]));
    }

    [Fact]
    public async Task The_organization_token_and_project_can_come_from_the_environment()
    {
        var environment = new Dictionary<string, string?>
        {
            [SampleArguments.OrganizationUrlVariable] = Url,
            [SampleArguments.PersonalAccessTokenVariable] = _emulator.PersonalAccessToken,
            [SampleArguments.ProjectVariable] = "Project 2",
        };

        var (exitCode, output, error) = await RunAsync(environment);

        Assert.Equal((0, string.Empty), (exitCode, error));
        Assert.Contains("\n  State:      Resolved\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var item = _emulator.Organization.GetWorkItem(1)!;
        Assert.Equal((_emulator.Organization.Projects[1].Id, "Resolved"), (item.ProjectId, item.State));
    }

    [Fact]
    public async Task Without_a_project_it_lists_the_projects_writes_nothing_and_says_how_to_write()
    {
        var (exitCode, output, error) = await RunAsync("--organization-url", Url, "--pat", _emulator.PersonalAccessToken);

        Assert.Equal((0, string.Empty), (exitCode, error));
        var projects = _emulator.Organization.Projects;
        Assert.Equal(
            $"""
            Projects in {Url}:
              {projects[0].Id}  Project 1
              {projects[1].Id}  Project 2
            2 projects.

            Nothing was written. Pass --project NAME (or set AZURE_DEVOPS_PROJECT) to create, comment on and resolve a sample work item in one of these projects.

            """.ReplaceLineEndings(),
            output);
        Assert.All(_emulator.Requests, r => Assert.Equal("GET", r.Method));
    }

    [Fact]
    public async Task The_work_item_flag_only_reads_that_work_item_even_with_a_project_in_the_environment()
    {
        var ada = _emulator.Organization.Users[1];
        var seeded = _emulator.Organization.AddWorkItem("Project 1", "Bug", "The login page times out", new Dictionary<string, object?> { ["System.AssignedTo"] = ada.MailAddress });
        var environment = new Dictionary<string, string?> { [SampleArguments.ProjectVariable] = "Project 1" };

        var (exitCode, output, error) = await RunAsync(environment, "--organization-url", Url, "--pat", _emulator.PersonalAccessToken, "--work-item", seeded.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal((0, string.Empty), (exitCode, error));
        Assert.Equal(
            """

            Work item 1 (revision 1)
              Type:       Bug
              State:      New
              Title:      The login page times out
              Area path:  Project 1
              Assignee:   ada@example.com

            """.ReplaceLineEndings(),
            output);
        Assert.Equal(["GET /emulated/_apis/wit/workitems/1"], _emulator.Requests.Select(r => r.Method + " " + r.PathAndQuery.Split('?')[0]));
    }

    [Fact]
    public async Task A_missing_work_item_exits_1_with_one_line()
    {
        var (exitCode, output, error) = await RunAsync("--organization-url", Url, "--pat", _emulator.PersonalAccessToken, "--work-item", "999");

        Assert.Equal((1, string.Empty), (exitCode, output));
        Assert.StartsWith("Azure DevOps call failed (NotFound): ", error, StringComparison.Ordinal);
        Assert.Single(error.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task An_unknown_project_exits_1_and_points_to_the_project_list()
    {
        var (exitCode, _, error) = await RunAsync("--organization-url", Url, "--pat", _emulator.PersonalAccessToken, "--project", "Nope");

        Assert.Equal(1, exitCode);
        Assert.Equal($"Project 'Nope' was not found in {Url}; run without --project to list the projects the token can see.{Environment.NewLine}", error);
        Assert.All(_emulator.Requests, r => Assert.Equal("GET", r.Method));
    }

    [Fact]
    public async Task A_throttled_organization_shows_the_wait_on_stderr_through_the_sdks_wait_notification_and_the_output_stays_clean()
    {
        _emulator.AddFault(new FaultRule { Path = "_apis/projects", Fault = EmulatorFault.Status(429, TimeSpan.FromSeconds(1)), Times = 1 });

        var (exitCode, output, error) = await RunAsync("--organization-url", Url, "--pat", _emulator.PersonalAccessToken);

        Assert.Equal(0, exitCode);
        Assert.Equal($"... throttled by Azure DevOps (429), waiting 1 s before retrying Projects.List{Environment.NewLine}", error);
        Assert.StartsWith($"Projects in {Url}:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("throttled", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_pat_exits_1_with_the_likely_causes_and_the_scopes_and_nothing_else_on_either_stream()
    {
        var (exitCode, output, error) = await RunAsync("--organization-url", Url, "--pat", "wrong-token", "--project", "Project 1");

        Assert.Equal(1, exitCode);
        Assert.Equal(
            "Azure DevOps refused the personal access token (401 Unauthorized) for Connection.GetConnectionData. Likely causes: the PAT expired or was revoked, it lacks a scope, or it was created for another organization. "
            + "The sample needs the scopes Work Items (Read & Write) and Project and Team (Read); Service Hooks (Read & Write) to subscribe webhooks." + Environment.NewLine,
            error);
        Assert.Equal($"Organization {Url}, project Project 1.{Environment.NewLine}", output);
        Assert.DoesNotContain("wrong-token", output + error, StringComparison.Ordinal);
        Assert.All(_emulator.Requests, r => Assert.Equal(401, r.StatusCode));
    }

    [Fact]
    public async Task Run_as_a_process_a_wrong_pat_puts_the_hint_and_the_sdk_warning_on_stderr_and_no_log_line_on_stdout()
    {
        // The real program (Console.Out, Console.Error, the console logger), so stdout and stderr are the process' own.
        var (exitCode, stdout, stderr) = await ConsoleSampleProcess.RunAsync(["--organization-url", Url, "--pat", "wrong-token", "--project", "Project 1"]);

        Assert.Equal(1, exitCode);
        Assert.Equal($"Organization {Url}, project Project 1.", stdout.TrimEnd());
        var errors = stderr.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.StartsWith("Azure DevOps refused the personal access token (401 Unauthorized)", errors[^1], StringComparison.Ordinal);
        Assert.Contains(errors[..^1], l => l.StartsWith("warn: IssueSync.Sdk.Client", StringComparison.Ordinal));
        Assert.DoesNotMatch(new Regex("(trce|dbug|info|warn|fail|crit): "), stdout);
        Assert.DoesNotContain("wrong-token", stdout + stderr, StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) =>
        RunAsync(new Dictionary<string, string?>(), args);

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(Dictionary<string, string?> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await SampleProgram.RunAsync(args, name => environment.GetValueOrDefault(name), output, error, CancellationToken.None);
        return (exitCode, output.ToString(), error.ToString());
    }
}
