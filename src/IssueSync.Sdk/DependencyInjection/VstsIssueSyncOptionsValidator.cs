using IssueSync.Sdk.Client;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.DependencyInjection;

/// <summary>Checks <see cref="VstsIssueSyncOptions"/> and names the configuration key to fix.</summary>
internal sealed class VstsIssueSyncOptionsValidator : IValidateOptions<VstsIssueSyncOptions>
{
    private const int MaxApplicationNameLength = 64;

    public ValidateOptionsResult Validate(string? name, VstsIssueSyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string prefix = VstsIssueSyncOptions.SectionName + ":";

        if (options.OrganizationUrl is { } url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                failures.Add($"{prefix}{nameof(options.OrganizationUrl)} must be an absolute URL such as https://dev.azure.com/your-organization/ (got '{url}').");
            }
            else if (VstsConnection.DescribeProblem(uri) is { } problem)
            {
                failures.Add($"{prefix}{nameof(options.OrganizationUrl)} '{VstsConnection.WithoutUserInfo(uri)}' cannot be used: {problem}");
            }
        }

        if (options.PersonalAccessToken is not null)
        {
            if (string.IsNullOrWhiteSpace(options.PersonalAccessToken))
            {
                failures.Add($"{prefix}{nameof(options.PersonalAccessToken)} is empty; remove it or give a token.");
            }
            else if (options.OrganizationUrl is null)
            {
                failures.Add($"{prefix}{nameof(options.PersonalAccessToken)} is set but {prefix}{nameof(options.OrganizationUrl)} is not; the token needs the organization it belongs to.");
            }
        }

        if (options.ApplicationName is { } app && !IsValidApplicationName(app))
        {
            failures.Add($"{prefix}{nameof(options.ApplicationName)} may hold only letters, digits, '.', '-' and '_', at most {MaxApplicationNameLength} characters (got '{app}').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsValidApplicationName(string value)
    {
        if (value.Length is 0 or > MaxApplicationNameLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
