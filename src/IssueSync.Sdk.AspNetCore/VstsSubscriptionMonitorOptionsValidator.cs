using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.AspNetCore;

/// <summary>Checks <see cref="VstsSubscriptionMonitorOptions"/> at start, with messages that say what to fix.</summary>
internal sealed class VstsSubscriptionMonitorOptionsValidator : IValidateOptions<VstsSubscriptionMonitorOptions>
{
    public ValidateOptionsResult Validate(string? name, VstsSubscriptionMonitorOptions options)
    {
        var failures = new List<string>();
        if (options.CallbackUrl is not { IsAbsoluteUri: true } url || url.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add($"{nameof(VstsSubscriptionMonitorOptions.CallbackUrl)} must be the absolute https URL of the webhook endpoint (MapVstsWebhook), e.g. https://example.com{VstsWebhookEndpointRouteBuilderExtensions.DefaultPattern}.");
        }

        if (options.Interval < TimeSpan.FromMinutes(1))
        {
            failures.Add($"{nameof(VstsSubscriptionMonitorOptions.Interval)} must be at least one minute (default 6 hours).");
        }

        if (options.FirstCheckDelay < TimeSpan.Zero)
        {
            failures.Add($"{nameof(VstsSubscriptionMonitorOptions.FirstCheckDelay)} must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
