using System.Globalization;
using IssueSync.Sdk.Client;

namespace IssueSync.Samples.Console;

/// <summary>What the sample runs.</summary>
internal enum SampleMode
{
    /// <summary>Print the usage.</summary>
    Help,

    /// <summary>The full round trip against the built-in emulator (no arguments, or <c>--emulator</c>).</summary>
    Emulator,

    /// <summary>Create, comment, resolve and read back a work item in a real organization's project.</summary>
    Outbound,

    /// <summary>List the organization's projects, writing nothing.</summary>
    ListProjects,

    /// <summary>Print one work item, writing nothing.</summary>
    ReadWorkItem,
}

/// <summary>What the sample was asked to do, from its flags and environment variables.</summary>
internal sealed record SampleArguments(
    SampleMode Mode,
    Uri? OrganizationUrl = null,
    string? PersonalAccessToken = null,
    string? Project = null,
    int? WorkItemId = null,
    bool Verbose = false)
{
    public const string OrganizationUrlVariable = "AZURE_DEVOPS_ORG_URL";
    public const string PersonalAccessTokenVariable = "AZURE_DEVOPS_PAT";
    public const string ProjectVariable = "AZURE_DEVOPS_PROJECT";

    /// <summary>The PAT scopes the sample needs, as the Azure DevOps "new token" page names them.</summary>
    public const string RequiredScopes = "Work Items (Read & Write) and Project and Team (Read); Service Hooks (Read & Write) to subscribe webhooks";

    public static string Usage { get; } = $"""
        IssueSync.Samples.Console: a small host of IssueSync.Sdk, the SDK that keeps a host
        application's issues ("groups") and Azure DevOps work items in step.

        With no arguments it needs no account: it starts the built-in Azure DevOps emulator
        (IssueSync.Sdk.Testing) on 127.0.0.1 and runs the whole round trip, printing each step
        with the HTTP calls it made:
          1. install: resolve the organization and subscribe the webhook
          2. create a work item from a host group (Markdown description)
          3. resolve the group: the work item moves to its resolved state
          4. assign the group: the work item is assigned to the user with the same email
          5. comment on the group: the comment is copied to the work item
          6. a person in "Azure DevOps" reassigns and reopens the work item; the webhooks
             update the host's group
        and a table of the calls per step. Exit 0 when every step did what it should.

        With an organization, a personal access token and a project, it runs the outbound part
        there: it creates a work item from a sample group, comments on it, moves it to the
        project's resolved state, reads it back and prints its URL. The work item type and the
        states are chosen by category, so any process works (Agile: Bug, Resolved; Scrum: Bug,
        Done; Basic: Issue, Done). The inbound part needs a public https URL Azure DevOps can post
        to: see samples/IssueSync.Samples.WebhookReceiver.
        Without a project it only lists the organization's projects (writing nothing), so you can
        pick one; --work-item prints one work item (writing nothing).

        Usage:
          dotnet run --project samples/IssueSync.Samples.Console -- [options]

        Options:
          (none)                   the round trip against the built-in emulator
          --emulator               the same, ignoring the {OrganizationUrlVariable}, {PersonalAccessTokenVariable}
                                   and {ProjectVariable} environment variables
          --organization-url URL   the organization, e.g. https://dev.azure.com/your-organization/
                                   (or https://your-organization.visualstudio.com/, or an
                                   on-premises collection URL); default: ${OrganizationUrlVariable}
          --pat TOKEN              a personal access token of that organization with the scopes
                                   Work Items (Read & Write) and Project and Team (Read)
                                   (Work Items (Read) is enough without --project); default: ${PersonalAccessTokenVariable}
          --project NAME           the project to create the sample work item in; default: ${ProjectVariable}
                                   (without it, the projects are listed and nothing is written)
          --work-item ID           only print work item ID (type, state, title, area path, assignee)
          --verbose                show the SDK's and HTTP client's logs from Information up
                                   (on stderr; by default only warnings and errors)
          --help                   print this text

        Examples:
          dotnet run --project samples/IssueSync.Samples.Console
          dotnet run --project samples/IssueSync.Samples.Console -- --organization-url https://dev.azure.com/fabrikam/ --pat <token> --project Fabrikam
          {OrganizationUrlVariable}=https://dev.azure.com/fabrikam/ {PersonalAccessTokenVariable}=<token> dotnet run --project samples/IssueSync.Samples.Console -- --work-item 42

        Commands:
          commits [--repository P/R] [--from SHA] [--to SHA]
                                   the commits of a range with their patch sets (the emulator by
                                   default, with a seeded repository); 'commits --help' for more

        Output goes to stdout; errors (one line) and logs go to stderr.
        Exit codes: 0 done, 1 Azure DevOps refused or failed a call (or a step did not do what it
        should), 2 wrong arguments, 130 cancelled.
        """;

    private static readonly IReadOnlySet<string> ValueFlags = new HashSet<string>(["--organization-url", "--pat", "--project", "--work-item"], StringComparer.Ordinal);

    /// <summary>Reads the flags, falling back to the environment for the URL, the token and the project.</summary>
    /// <returns>The arguments, or an error that says what to fix (never repeating the token).</returns>
    public static (SampleArguments? Arguments, string? Error) Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var (flags, flagProblem) = SampleFlags.Read(args, ValueFlags, "Run with --help for the options.");
        if (flags is null)
        {
            return (null, flagProblem);
        }

        if (flags.Help)
        {
            return (new SampleArguments(SampleMode.Help), null);
        }

        var (url, pat, project, workItem) = (flags["--organization-url"], flags["--pat"], flags["--project"], flags["--work-item"]);
        var (useEmulator, verbose) = (flags.UseEmulator, flags.Verbose);

        int? workItemId = null;
        if (workItem is not null)
        {
            if (!int.TryParse(workItem, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            {
                return (null, $"--work-item needs a positive work item number (got '{workItem}').");
            }

            workItemId = id;
        }

        if (useEmulator)
        {
            // The emulator makes its own URL, token and projects: the environment is not read, and these flags are a mistake.
            return url is not null || pat is not null || project is not null || workItemId is not null
                ? (null, "--emulator runs against the built-in emulator; leave out --organization-url, --pat, --project and --work-item.")
                : (new SampleArguments(SampleMode.Emulator, Verbose: verbose), null);
        }

        if (workItemId is not null && project is not null)
        {
            return (null, "--work-item only reads a work item; leave out --project (or leave out --work-item to create a sample work item in the project).");
        }

        url ??= NullIfBlank(environment(OrganizationUrlVariable));
        pat ??= NullIfBlank(environment(PersonalAccessTokenVariable));

        // --work-item is read-only: a project in the environment is not used then.
        project ??= workItemId is null ? NullIfBlank(environment(ProjectVariable)) : null;

        if (url is null && pat is null && project is null && workItemId is null)
        {
            // Nothing points at an organization: the round trip on the built-in emulator.
            return (new SampleArguments(SampleMode.Emulator, Verbose: verbose), null);
        }

        if (url is null)
        {
            return (null, $"No organization URL: pass --organization-url or set {OrganizationUrlVariable} (or run with no arguments for the built-in emulator).");
        }

        var (organizationUrl, problem) = ParseOrganizationUrl(url);
        if (problem is not null)
        {
            return (null, problem);
        }

        if (pat is null)
        {
            return (null, $"No personal access token: pass --pat or set {PersonalAccessTokenVariable} (a token of that organization with the scopes {RequiredScopes}).");
        }

        var mode = workItemId is not null ? SampleMode.ReadWorkItem : project is not null ? SampleMode.Outbound : SampleMode.ListProjects;
        return (new SampleArguments(mode, organizationUrl, pat, project, workItemId, verbose), null);
    }

    internal static (Uri? Url, string? Problem) ParseOrganizationUrl(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            return (null, $"The organization URL '{value}' is not an absolute URL; use one such as https://dev.azure.com/your-organization/.");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            // Not repeated: the user info may be a pasted token.
            return (null, "The organization URL must not contain a user name or password; pass the token with --pat.");
        }

        try
        {
            return (VstsConnection.NormalizeOrganizationUrl(uri), null);
        }
        catch (ArgumentException ex)
        {
            // The SDK's own explanation, without the " (Parameter '…')" suffix meant for developers.
            return (null, ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal));
        }
    }

    internal static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
