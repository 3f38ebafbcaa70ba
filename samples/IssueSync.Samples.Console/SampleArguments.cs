using System.Globalization;
using IssueSync.Sdk.Client;

namespace IssueSync.Samples.Console;

/// <summary>What the sample was asked to do, from its flags and environment variables.</summary>
internal sealed record SampleArguments(bool ShowHelp, Uri? OrganizationUrl, string? PersonalAccessToken, int? WorkItemId, bool UseEmulator = false)
{
    public const string OrganizationUrlVariable = "AZURE_DEVOPS_ORG_URL";
    public const string PersonalAccessTokenVariable = "AZURE_DEVOPS_PAT";

    public static string Usage { get; } = $"""
        IssueSync.Samples.Console: a small host of IssueSync.Sdk. It connects to an Azure DevOps
        organization with a personal access token, lists the organization's projects (name and id)
        and, when asked, prints one work item. To point it at an organization, pass
        --organization-url and --pat, or set {OrganizationUrlVariable} and {PersonalAccessTokenVariable}.
        Without an account, pass --emulator: the sample starts the built-in Azure DevOps emulator
        (IssueSync.Sdk.Testing) on a loopback port, hosts the SDK's webhook endpoint in process
        (https on 127.0.0.1), subscribes it, creates an issue and comments on it; a person then
        resolves the work item "in Azure DevOps" and the delivered webhook resolves the sample's
        own in-memory group.

        Usage:
          dotnet run --project samples/IssueSync.Samples.Console -- [options]

        Options:
          --organization-url URL   the organization, e.g. https://dev.azure.com/your-organization/
                                   (or https://your-organization.visualstudio.com/, or an
                                   on-premises collection URL); default: ${OrganizationUrlVariable}
          --pat TOKEN              a personal access token with "Work Items (Read)" and
                                   "Project and Team (Read)" scopes; default: ${PersonalAccessTokenVariable}
          --work-item ID           also print work item ID (id, type, state, title, area path, assignee)
          --emulator               run against the built-in emulator instead of an organization
                                   (no URL, no token, no network beyond 127.0.0.1)
          --help                   print this text

        Examples:
          dotnet run --project samples/IssueSync.Samples.Console -- --organization-url https://dev.azure.com/fabrikam/ --pat <token>
          {OrganizationUrlVariable}=https://dev.azure.com/fabrikam/ {PersonalAccessTokenVariable}=<token> dotnet run --project samples/IssueSync.Samples.Console -- --work-item 42
          dotnet run --project samples/IssueSync.Samples.Console -- --emulator

        Exit codes: 0 done, 1 Azure DevOps refused or failed the call, 2 wrong arguments.
        """;

    /// <summary>Reads the flags, falling back to the environment for the URL and the token.</summary>
    /// <returns>The arguments, or an error that says what to fix (never repeating the token).</returns>
    public static (SampleArguments? Arguments, string? Error) Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        string? url = null;
        string? pat = null;
        string? workItem = null;
        var useEmulator = false;
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            if (flag is "--help" or "-h" or "-?")
            {
                return (new SampleArguments(ShowHelp: true, null, null, null), null);
            }

            if (flag == "--emulator")
            {
                useEmulator = true;
                continue;
            }

            if (flag is not ("--organization-url" or "--pat" or "--work-item"))
            {
                return (null, $"Unknown argument '{flag}'. Run with --help for the options.");
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                return (null, $"{flag} needs a value.");
            }

            var value = args[++i];
            switch (flag)
            {
                case "--organization-url":
                    url = value;
                    break;
                case "--pat":
                    pat = value;
                    break;
                default:
                    workItem = value;
                    break;
            }
        }

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
            // The emulator makes its own URL and token: the environment is not read, and flags for a real organization are a mistake.
            return url is not null || pat is not null
                ? (null, "--emulator runs against the built-in emulator; leave out --organization-url and --pat.")
                : (new SampleArguments(ShowHelp: false, null, null, workItemId, UseEmulator: true), null);
        }

        url ??= NullIfBlank(environment(OrganizationUrlVariable));
        pat ??= NullIfBlank(environment(PersonalAccessTokenVariable));

        if (url is null && pat is null)
        {
            // Nothing to connect to: the caller gets the usage, not an error.
            return (new SampleArguments(ShowHelp: true, null, null, workItemId), null);
        }

        Uri? organizationUrl = null;
        if (url is not null)
        {
            var (parsed, problem) = ParseOrganizationUrl(url);
            if (problem is not null)
            {
                return (null, problem);
            }

            organizationUrl = parsed;
        }

        if (organizationUrl is null)
        {
            return (null, $"No organization URL: pass --organization-url or set {OrganizationUrlVariable}.");
        }

        if (string.IsNullOrWhiteSpace(pat))
        {
            return (null, $"No personal access token: pass --pat or set {PersonalAccessTokenVariable}.");
        }

        return (new SampleArguments(ShowHelp: false, organizationUrl, pat, workItemId), null);
    }

    private static (Uri? Url, string? Problem) ParseOrganizationUrl(string value)
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

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
