using IssueSync.Sdk.Client;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.DependencyInjection;

/// <summary>Checks <see cref="VstsIssueSyncOptions"/> and names the configuration key to fix.</summary>
internal sealed class VstsIssueSyncOptionsValidator : IValidateOptions<VstsIssueSyncOptions>
{
    private const int MaxApplicationNameLength = 64;
    private const int MaxRetries = 10;

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

        ValidateResilience(options.Resilience, failures);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateResilience(VstsResilienceOptions? resilience, List<string> failures)
    {
        const string prefix = VstsIssueSyncOptions.SectionName + ":" + nameof(VstsIssueSyncOptions.Resilience) + ":";
        if (resilience is null)
        {
            failures.Add($"{VstsIssueSyncOptions.SectionName}:{nameof(VstsIssueSyncOptions.Resilience)} must not be null.");
            return;
        }

        if (resilience.MaxRetries is < 0 or > MaxRetries)
        {
            failures.Add($"{prefix}{nameof(resilience.MaxRetries)} must be between 0 and {MaxRetries} (got {resilience.MaxRetries}).");
        }

        if (resilience.BaseDelay < TimeSpan.Zero)
        {
            failures.Add($"{prefix}{nameof(resilience.BaseDelay)} must not be negative (got {resilience.BaseDelay}).");
        }

        if (resilience.MaxRetryAfter < TimeSpan.Zero)
        {
            failures.Add($"{prefix}{nameof(resilience.MaxRetryAfter)} must not be negative (got {resilience.MaxRetryAfter}).");
        }

        if (resilience.AttemptTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}{nameof(resilience.AttemptTimeout)} must be positive (got {resilience.AttemptTimeout}).");
        }

        if (resilience.OverallTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}{nameof(resilience.OverallTimeout)} must be positive (got {resilience.OverallTimeout}).");
        }
        else if (resilience.OverallTimeout < resilience.AttemptTimeout)
        {
            failures.Add($"{prefix}{nameof(resilience.OverallTimeout)} ({resilience.OverallTimeout}) must not be shorter than {prefix}{nameof(resilience.AttemptTimeout)} ({resilience.AttemptTimeout}).");
        }
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
