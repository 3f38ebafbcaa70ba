using IssueSync.Samples.Console;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.IntegrationTests.Samples;

/// <summary>
/// What the console sample makes of its flags and environment: every mistake is one line on stderr
/// and exit 2, before any call; and where its logs go.
/// </summary>
public class ConsoleSampleArgumentTests
{
    private const string Url = "https://dev.azure.com/fabrikam/";

    public static TheoryData<string[], string> Mistakes => new()
    {
        { ["--frobnicate"], "Unknown argument '--frobnicate'. Run with --help for the options." },
        { ["Fabrikam"], "Unknown argument 'Fabrikam'. Run with --help for the options." },
        { ["--pat"], "--pat needs a value. Run with --help for the options." },
        { ["--organization-url", "--pat", "secret-token"], "--organization-url needs a value. Run with --help for the options." },
        { ["--organization-url", Url, "--pat", "secret-token", "--project"], "--project needs a value. Run with --help for the options." },
        { ["--organization-url", Url, "--pat", "secret-token", "--project", " "], "--project needs a value. Run with --help for the options." },
        { ["--work-item"], "--work-item needs a value. Run with --help for the options." },
        { ["--organization-url", Url, "--project", "Fabrikam"], "No personal access token: pass --pat or set AZURE_DEVOPS_PAT (a token of that organization with the scopes Work Items (Read & Write) and Project and Team (Read); Service Hooks (Read & Write) to subscribe webhooks)." },
        { ["--project", "Fabrikam"], "No organization URL: pass --organization-url or set AZURE_DEVOPS_ORG_URL (or run with no arguments for the built-in emulator)." },
        { ["--pat", "secret-token"], "No organization URL: pass --organization-url or set AZURE_DEVOPS_ORG_URL (or run with no arguments for the built-in emulator)." },
        { ["--work-item", "3"], "No organization URL: pass --organization-url or set AZURE_DEVOPS_ORG_URL (or run with no arguments for the built-in emulator)." },
        { ["--organization-url", Url, "--pat", "secret-token", "--work-item", "abc"], "--work-item needs a positive work item number (got 'abc')." },
        { ["--organization-url", Url, "--pat", "secret-token", "--work-item", "0"], "--work-item needs a positive work item number (got '0')." },
        { ["--organization-url", Url, "--pat", "secret-token", "--work-item", "-3"], "--work-item needs a positive work item number (got '-3')." },
        { ["--organization-url", Url, "--pat", "secret-token", "--work-item", "3", "--project", "Fabrikam"], "--work-item only reads a work item; leave out --project (or leave out --work-item to create a sample work item in the project)." },
        { ["--emulator", "--pat", "secret-token"], "--emulator runs against the built-in emulator; leave out --organization-url, --pat, --project and --work-item." },
        { ["--emulator", "--project", "Fabrikam"], "--emulator runs against the built-in emulator; leave out --organization-url, --pat, --project and --work-item." },
        { ["--organization-url", "dev.azure.com/fabrikam", "--pat", "secret-token"], "The organization URL 'dev.azure.com/fabrikam' is not an absolute URL; use one such as https://dev.azure.com/your-organization/." },
        { ["--organization-url", "https://me:secret-token@dev.azure.com/fabrikam/", "--pat", "x"], "The organization URL must not contain a user name or password; pass the token with --pat." },
        { ["--organization-url", "http://dev.azure.com/fabrikam/", "--pat", "secret-token"], "'http://dev.azure.com/fabrikam/' cannot be an Azure DevOps organization URL: Azure DevOps Services answers https only; use https://dev.azure.com/fabrikam/." },
        { ["--organization-url", "https://dev.azure.com/", "--pat", "secret-token"], "'https://dev.azure.com/' cannot be an Azure DevOps organization URL: it names no organization; use https://dev.azure.com/{organization}/." },
        { ["--organization-url", "https://dev.azure.com", "--pat", "secret-token"], "'https://dev.azure.com/' cannot be an Azure DevOps organization URL: it names no organization; use https://dev.azure.com/{organization}/." },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task A_wrong_argument_is_one_line_on_stderr_and_exit_2_with_nothing_on_stdout(string[] args, string expected)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await SampleProgram.RunAsync(args, ConsoleSampleEmulatorTests.NoEnvironment, output, error, CancellationToken.None);

        Assert.Equal((2, expected + Environment.NewLine, string.Empty), (exitCode, error.ToString(), output.ToString()));
        Assert.DoesNotContain("secret-token", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_in_the_environment_without_an_organization_url_is_a_mistake_too()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await SampleProgram.RunAsync([], name => name == SampleArguments.PersonalAccessTokenVariable ? "secret-token" : null, output, error, CancellationToken.None);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("No organization URL: pass --organization-url or set AZURE_DEVOPS_ORG_URL", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_flags_and_the_environment_choose_the_mode()
    {
        var organization = new Dictionary<string, string?> { [SampleArguments.OrganizationUrlVariable] = "https://dev.azure.com/fabrikam", [SampleArguments.PersonalAccessTokenVariable] = "pat" };
        var withProject = new Dictionary<string, string?>(organization) { [SampleArguments.ProjectVariable] = "Fabrikam" };

        SampleArguments Parse(string[] args, Dictionary<string, string?> environment) => SampleArguments.Parse(args, name => environment.GetValueOrDefault(name)).Arguments!;

        Assert.Equal(new SampleArguments(SampleMode.Emulator), Parse([], []));
        Assert.Equal(new SampleArguments(SampleMode.Emulator, Verbose: true), Parse(["--emulator", "--verbose"], withProject));
        Assert.Equal(new SampleArguments(SampleMode.Help), Parse(["--pat", "x", "--help"], []));
        Assert.Equal(new SampleArguments(SampleMode.ListProjects, new Uri(Url), "pat"), Parse([], organization));
        Assert.Equal(new SampleArguments(SampleMode.Outbound, new Uri(Url), "pat", "Fabrikam"), Parse([], withProject));
        Assert.Equal(new SampleArguments(SampleMode.Outbound, new Uri(Url), "flag-pat", "Other"), Parse(["--pat", "flag-pat", "--project", "Other"], withProject));
        Assert.Equal(new SampleArguments(SampleMode.ReadWorkItem, new Uri(Url), "pat", WorkItemId: 42), Parse(["--work-item", "42"], withProject));
    }

    [Theory]
    [InlineData(false, LogLevel.Warning)]
    [InlineData(true, LogLevel.Information)]
    public void Logs_go_to_stderr_at_every_level_and_show_nothing_below_warning_unless_verbose(bool verbose, LogLevel lowest)
    {
        using var host = SampleHost.Build(new Uri(Url), "pat", verbose, TextWriter.Null);

        var console = host.Services.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value;
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("IssueSync.Sdk.Client");

        Assert.Equal(LogLevel.Trace, console.LogToStandardErrorThreshold);
        Assert.Equal(lowest, Enum.GetValues<LogLevel>().First(logger.IsEnabled));
        Assert.Single(host.Services.GetServices<ILoggerProvider>());
    }
}
