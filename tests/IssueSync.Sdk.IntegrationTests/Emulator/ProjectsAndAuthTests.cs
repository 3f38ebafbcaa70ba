using System.Net;
using System.Text;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Testing;

namespace IssueSync.Sdk.IntegrationTests.Emulator;

public class ProjectsAndAuthTests
{
    [Fact]
    public async Task Listing_projects_follows_the_continuation_token_across_pages()
    {
        await using var harness = await SdkHarness.StartAsync(new VstsEmulatorOptions { ProjectCount = 5, ProjectsPageSize = 2 });

        var projects = new List<string>();
        await foreach (var project in harness.Client.Projects.ListAsync(cancellationToken: default))
        {
            projects.Add(project.Name);
        }

        Assert.Equal(["Project 1", "Project 2", "Project 3", "Project 4", "Project 5"], projects);
        var requests = harness.RequestsTo("_apis/projects");
        Assert.Equal(
            [
                "/emulated/_apis/projects?stateFilter=wellFormed",
                "/emulated/_apis/projects?stateFilter=wellFormed&continuationToken=2",
                "/emulated/_apis/projects?stateFilter=wellFormed&continuationToken=4",
            ],
            requests.Select(r => r.PathAndQuery));
        Assert.All(requests, r => Assert.Equal(("GET", 200, "7.1"), (r.Method, r.StatusCode, r.ApiVersion)));
    }

    [Fact]
    public async Task Getting_a_project_by_name_or_id_returns_it_and_an_unknown_one_is_NotFound()
    {
        await using var harness = await SdkHarness.StartAsync();
        var seeded = harness.Organization.Projects[1];

        var byName = await harness.Client.Projects.GetAsync(seeded.Name, default);
        var byId = await harness.Client.Projects.GetAsync(seeded.Id, default);
        var missing = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.Projects.GetAsync("Nope", default));

        Assert.Equal((seeded.Id, seeded.Name, "wellFormed"), (byName.Id, byName.Name, byName.State));
        Assert.Equal(seeded.Id, byId.Id);
        Assert.Equal((VstsErrorKind.NotFound, "TF200016"), (missing.Kind, missing.ErrorCode));
        Assert.Equal("ProjectDoesNotExistWithNameException", missing.TypeKey);
    }

    [Fact]
    public async Task Connection_data_names_the_token_owner_and_the_organization()
    {
        await using var harness = await SdkHarness.StartAsync();

        var data = await harness.Client.Connection.GetConnectionDataAsync(default);

        Assert.Equal(harness.Organization.AuthenticatedUser.Id, data.AuthenticatedUser?.Id);
        Assert.Equal(harness.Organization.Id, data.InstanceId);
        Assert.Equal("hosted", data.DeploymentType);
        Assert.Equal("7.1-preview.1", Assert.Single(harness.RequestsTo("_apis/connectionData")).ApiVersion);
    }

    [Fact]
    public async Task A_wrong_token_is_Unauthorized_after_one_request()
    {
        await using var harness = await SdkHarness.StartAsync(personalAccessToken: "not-the-token");

        var error = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.Projects.GetAsync("Project 1", default));

        Assert.Equal((VstsErrorKind.Unauthorized, HttpStatusCode.Unauthorized, "TF400813"), (error.Kind, error.StatusCode, error.ErrorCode));
        Assert.Equal(401, Assert.Single(harness.Emulator.Requests).StatusCode);
    }

    [Fact]
    public async Task Without_the_redirect_suppressed_a_missing_token_gets_the_html_sign_in_page()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        using var http = new HttpClient();

        using var anonymous = await http.GetAsync(new Uri(emulator.OrganizationUrl, "_apis/projects?api-version=7.1"), CancellationToken.None);
        using var suppressed = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.OrganizationUrl, "_apis/projects?api-version=7.1"));
        suppressed.Headers.Add("X-TFS-FedAuthRedirect", "Suppress");
        using var refused = await http.SendAsync(suppressed, default);

        Assert.Equal(HttpStatusCode.NonAuthoritativeInformation, anonymous.StatusCode);
        Assert.Equal("text/html", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("TF400813", await refused.Content.ReadAsStringAsync(default), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_request_log_never_holds_the_token()
    {
        await using var harness = await SdkHarness.StartAsync();

        await harness.Client.Projects.GetAsync("Project 1", default);

        var logged = string.Join("\n", harness.Emulator.Requests.Select(r => r.ToString()));
        Assert.DoesNotContain(harness.Emulator.PersonalAccessToken, logged, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + harness.Emulator.PersonalAccessToken)), logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_by_the_sdk_and_then_succeeds()
    {
        await using var harness = await SdkHarness.StartAsync();
        harness.Emulator.AddFault(new FaultRule { Path = "_apis/projects/{project}", Fault = EmulatorFault.Status(429, TimeSpan.FromSeconds(30)), Times = 1 });

        var project = await harness.Client.Projects.GetAsync("Project 1", default);

        Assert.Equal("Project 1", project.Name);
        Assert.Equal([429, 200], harness.RequestsTo("_apis/projects").Select(r => r.StatusCode));
    }

    [Fact]
    public async Task Repeated_503s_are_retried_until_the_retries_run_out_and_then_reported_as_Unavailable()
    {
        await using var harness = await SdkHarness.StartAsync();
        harness.Emulator.AddFault(new FaultRule { Path = "_apis/projects/{project}", Fault = EmulatorFault.Status(503), Times = 10 });

        var error = await Assert.ThrowsAsync<VstsApiException>(() => harness.Client.Projects.GetAsync("Project 1", default));

        Assert.Equal(VstsErrorKind.Unavailable, error.Kind);
        // One attempt plus MaxRetries (3) retries.
        Assert.Equal([503, 503, 503, 503], harness.RequestsTo("_apis/projects").Select(r => r.StatusCode));
    }

    [Fact]
    public async Task A_429_on_a_rate_limited_call_carries_TF400733_and_the_rate_limit_headers()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        emulator.AddFault(new FaultRule { Path = "_apis/projects", Fault = EmulatorFault.Status(429, TimeSpan.FromMilliseconds(1500)), Times = 1 });
        using var http = new HttpClient();
        using var request = RawRequests.Authorized(emulator, HttpMethod.Get, "_apis/projects?api-version=7.1");

        using var response = await http.SendAsync(request, default);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
        Assert.Equal("0", response.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.StartsWith("{\"$id\":\"1\",\"innerException\":null,\"message\":\"TF400733:", await response.Content.ReadAsStringAsync(default), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_preview_only_resource_refuses_a_version_without_preview_and_every_call_needs_a_version()
    {
        await using var emulator = await VstsEmulator.StartAsync();
        using var http = new HttpClient();

        async Task<(HttpStatusCode, string)> GetAsync(string relative)
        {
            using var request = RawRequests.Authorized(emulator, HttpMethod.Get, relative);
            using var response = await http.SendAsync(request, default);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(default));
        }

        var (graphStatus, graphBody) = await GetAsync("_apis/graph/users?api-version=7.1");
        var (noVersionStatus, noVersionBody) = await GetAsync("_apis/projects");
        var (futureStatus, futureBody) = await GetAsync("_apis/projects?api-version=9.0");

        Assert.Equal(HttpStatusCode.BadRequest, graphStatus);
        Assert.Contains("-preview flag must be supplied", graphBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noVersionStatus);
        Assert.Contains("No api-version was supplied", noVersionBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, futureStatus);
        Assert.Contains("VssVersionOutOfRangeException", futureBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Graph_users_are_paged_by_continuation_token_and_include_the_service_identity_without_mail()
    {
        await using var harness = await SdkHarness.StartAsync(new VstsEmulatorOptions { AdditionalUsers = 4, GraphUsersPageSize = 3 });

        var users = new List<string?>();
        await foreach (var user in harness.Client.Graph.ListUsersAsync(cancellationToken: default))
        {
            users.Add(user.MailAddress);
        }

        Assert.Equal(harness.Organization.Users.Select(u => u.MailAddress), users);
        Assert.Contains(string.Empty, users);
        Assert.Equal(3, harness.RequestsTo("_apis/graph/users").Count); // 8 users, 3 per page
        Assert.All(harness.RequestsTo("_apis/graph/users"), r => Assert.Equal("7.1-preview.1", r.ApiVersion));
    }
}
