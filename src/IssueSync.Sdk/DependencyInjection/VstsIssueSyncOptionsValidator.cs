using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.DependencyInjection;

/// <summary>Checks <see cref="VstsIssueSyncOptions"/> and names the configuration key to fix.</summary>
internal sealed class VstsIssueSyncOptionsValidator : IValidateOptions<VstsIssueSyncOptions>
{
    private const int MaxApplicationNameLength = 64;
    private static readonly TimeSpan MaxTokenRefreshSkew = TimeSpan.FromHours(1);

    private readonly IServiceProviderIsService? _registered;

    /// <param name="registered">Tells whether an <see cref="ITokenStore"/> is registered (absent outside DI).</param>
    public VstsIssueSyncOptionsValidator(IServiceProviderIsService? registered = null)
    {
        _registered = registered;
    }

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

        if (options.TokenRefreshSkew < TimeSpan.Zero || options.TokenRefreshSkew > MaxTokenRefreshSkew)
        {
            failures.Add($"{prefix}{nameof(options.TokenRefreshSkew)} must be between 00:00:00 and 01:00:00 (got {options.TokenRefreshSkew}).");
        }

        ValidateOAuth(options.OAuth, prefix + nameof(options.OAuth) + ":", failures);

        ValidateResilience(options.Resilience, failures);

        ValidateOutbound(options.Outbound, failures);

        ValidateWebhook(options.Webhook, failures);
        ValidateReconciliation(options.Reconciliation, failures);
        if (options.Repositories is null)
        {
            failures.Add($"{prefix}{nameof(options.Repositories)} must not be null.");
        }
        else
        {
            failures.AddRange(options.Repositories.Problems($"{prefix}{nameof(options.Repositories)}:"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void ValidateOAuth(VstsOAuthOptions? oauth, string prefix, List<string> failures)
    {
        if (oauth is null)
        {
            failures.Add($"{prefix.TrimEnd(':')} must not be null.");
            return;
        }

        if (string.IsNullOrWhiteSpace(oauth.TenantId))
        {
            failures.Add($"{prefix}{nameof(oauth.TenantId)} is empty; use a tenant id, 'organizations' or 'common'.");
        }

        CheckEndpoint(oauth.EntraTokenEndpoint, prefix + nameof(oauth.EntraTokenEndpoint), failures);
        CheckEndpoint(oauth.AzureDevOpsTokenEndpoint, prefix + nameof(oauth.AzureDevOpsTokenEndpoint), failures);
        if (oauth.RedirectUri is { } redirect && !Uri.TryCreate(redirect, UriKind.Absolute, out _))
        {
            failures.Add($"{prefix}{nameof(oauth.RedirectUri)} must be the absolute callback URL registered with the app (got '{redirect}').");
        }

        if (oauth.RefreshLeaseTime < TimeSpan.FromSeconds(1) || oauth.RefreshLeaseTime > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{prefix}{nameof(oauth.RefreshLeaseTime)} must be between 00:00:01 and 00:10:00 (got {oauth.RefreshLeaseTime}); it bounds how long a crashed instance blocks a refresh.");
        }

        if (oauth.RefreshLeaseWait < TimeSpan.Zero || oauth.RefreshLeaseWait > TimeSpan.FromMinutes(2))
        {
            failures.Add($"{prefix}{nameof(oauth.RefreshLeaseWait)} must be between 00:00:00 and 00:02:00 (got {oauth.RefreshLeaseWait}); calls wait this long at most for another instance's refresh.");
        }

        if (!oauth.IsConfigured)
        {
            return;
        }

        // Never echo the secret, only whether it is there.
        if (string.IsNullOrWhiteSpace(oauth.ClientSecret))
        {
            failures.Add($"{prefix}{nameof(oauth.ClientSecret)} is missing or empty; OAuth refresh needs the app's client secret.");
        }

        if (oauth.ClientId is not null && string.IsNullOrWhiteSpace(oauth.ClientId))
        {
            failures.Add($"{prefix}{nameof(oauth.ClientId)} is empty; give the app's client id or remove it.");
        }

        // Without a client id only Azure DevOps OAuth identities can be refreshed (Entra ID needs
        // it), and Azure DevOps OAuth sends the redirect URI on every refresh. With a client id the
        // protocol is known only per identity: the refresh of an Azure DevOps OAuth identity then
        // fails before sending anything, naming the same key.
        if (oauth.ClientId is null && !string.IsNullOrWhiteSpace(oauth.ClientSecret) && oauth.RedirectUri is null)
        {
            failures.Add($"{prefix}{nameof(oauth.RedirectUri)} is missing: without {prefix}{nameof(oauth.ClientId)} only Azure DevOps OAuth identities can be refreshed, and Azure DevOps OAuth sends the callback URL registered with the app on every refresh. Set {prefix}{nameof(oauth.RedirectUri)}, or {prefix}{nameof(oauth.ClientId)} for Entra ID.");
        }

        if (_registered is not null && !_registered.IsService(typeof(ITokenStore)))
        {
            failures.Add($"{prefix}{nameof(oauth.ClientId)}/{nameof(oauth.ClientSecret)} are set but no ITokenStore is registered: OAuth identities rotate their refresh tokens and need a store. Call AddTokenStore<T>() on the builder AddVstsIssueSync returns.");
        }
    }

    private static void CheckEndpoint(string? value, string key, List<string> failures)
    {
        if (value is null)
        {
            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            failures.Add($"{key} must be an absolute https URL (http only on loopback) (got '{value}').");
        }
    }

    private static void ValidateOutbound(Issues.VstsOutboundSyncOptions? outbound, List<string> failures)
    {
        const string prefix = VstsIssueSyncOptions.SectionName + ":" + nameof(VstsIssueSyncOptions.Outbound) + ":";
        if (outbound is null)
        {
            failures.Add($"{prefix.TrimEnd(':')} must not be null.");
            return;
        }

        if (outbound.MaxConflictRetries is < 0 or > MaxRetries)
        {
            failures.Add($"{prefix}{nameof(outbound.MaxConflictRetries)} must be between 0 and {MaxRetries} (got {outbound.MaxConflictRetries}).");
        }

        if (outbound.DirectoryRefreshInterval <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}{nameof(outbound.DirectoryRefreshInterval)} must be positive (got {outbound.DirectoryRefreshInterval}); it spaces the reloads of the project and user lists.");
        }

        if (outbound.DirectoryTimeToLive < outbound.DirectoryRefreshInterval)
        {
            failures.Add($"{prefix}{nameof(outbound.DirectoryTimeToLive)} must be at least {nameof(outbound.DirectoryRefreshInterval)} (got {outbound.DirectoryTimeToLive}).");
        }

        if (!Enum.IsDefined(outbound.CommentMode))
        {
            failures.Add($"{prefix}{nameof(outbound.CommentMode)} must be CommentsApi or HistoryField (got {outbound.CommentMode}).");
        }

        if (outbound.UnknownOutcomeSettleDelay < TimeSpan.Zero || outbound.UnknownOutcomeSettleDelay > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{prefix}{nameof(outbound.UnknownOutcomeSettleDelay)} must be between 0 and 5 minutes (got {outbound.UnknownOutcomeSettleDelay}).");
        }

        if (outbound.MaxUnknownOutcomeAttempts is < 1 or > 5)
        {
            failures.Add($"{prefix}{nameof(outbound.MaxUnknownOutcomeAttempts)} must be between 1 and 5 (got {outbound.MaxUnknownOutcomeAttempts}).");
        }

        if (outbound.ProcessMetadataTimeToLive < TimeSpan.Zero || outbound.ProcessMetadataTimeToLive > TimeSpan.FromHours(24))
        {
            failures.Add($"{prefix}{nameof(outbound.ProcessMetadataTimeToLive)} must be between 0 and 24 hours (got {outbound.ProcessMetadataTimeToLive}).");
        }

        if (!Enum.IsDefined(outbound.DuplicateCreates))
        {
            failures.Add($"{prefix}{nameof(outbound.DuplicateCreates)} must be Report or Delete (got {outbound.DuplicateCreates}).");
        }
    }

    private static void ValidateReconciliation(Reconciliation.VstsReconciliationOptions? reconciliation, List<string> failures)
    {
        const string prefix = VstsIssueSyncOptions.SectionName + ":" + nameof(VstsIssueSyncOptions.Reconciliation) + ":";
        if (reconciliation is null)
        {
            failures.Add($"{prefix.TrimEnd(':')} must not be null.");
            return;
        }

        if (reconciliation.Lookback <= TimeSpan.Zero || reconciliation.Lookback > Reconciliation.VstsReconciliationOptions.MaxLookback)
        {
            failures.Add($"{prefix}{nameof(reconciliation.Lookback)} must be positive and at most {Reconciliation.VstsReconciliationOptions.MaxLookback.TotalDays} days (got {reconciliation.Lookback}); the own-write ledger keeps entries 7 days by default, and an own write older than it would be applied back.");
        }

        if (reconciliation.PageSize is < 1 or > 10_000)
        {
            failures.Add($"{prefix}{nameof(reconciliation.PageSize)} must be between 1 and 10000 (got {reconciliation.PageSize}).");
        }
    }

    /// <summary>The largest webhook body a host may accept: Azure DevOps sends at most 2 MB.</summary>
    private const long MaxWebhookBodyBytes = 64L * 1024 * 1024;

    private static void ValidateWebhook(Inbound.VstsWebhookOptions? webhook, List<string> failures)
    {
        const string prefix = VstsIssueSyncOptions.SectionName + ":" + nameof(VstsIssueSyncOptions.Webhook) + ":";
        if (webhook is null)
        {
            failures.Add($"{prefix.TrimEnd(':')} must not be null.");
            return;
        }

        if (webhook.MaxBodyBytes is < 1024 or > MaxWebhookBodyBytes)
        {
            failures.Add($"{prefix}{nameof(webhook.MaxBodyBytes)} must be between 1024 and {MaxWebhookBodyBytes} (got {webhook.MaxBodyBytes}); Azure DevOps sends up to 2 MB.");
        }

        if (string.IsNullOrEmpty(webhook.SecretHeaderName) || !webhook.SecretHeaderName.All(IsHeaderNameChar))
        {
            // It also goes into the subscription's httpHeaders as "Name:secret".
            failures.Add($"{prefix}{nameof(webhook.SecretHeaderName)} must be an HTTP header name (letters, digits and !#$%&'*+-.^_`|~; got '{webhook.SecretHeaderName}').");
        }

        if (webhook.DeliveryRetention <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}{nameof(webhook.DeliveryRetention)} must be positive (got {webhook.DeliveryRetention}); Azure DevOps redelivers for about 36 hours.");
        }

        if (webhook.StoreFailureRetryAfter < TimeSpan.FromSeconds(1) || webhook.StoreFailureRetryAfter > TimeSpan.FromHours(1))
        {
            failures.Add($"{prefix}{nameof(webhook.StoreFailureRetryAfter)} must be between 00:00:01 and 01:00:00 (got {webhook.StoreFailureRetryAfter}).");
        }

        if (webhook.WorkItemLeaseTime < TimeSpan.FromSeconds(1) || webhook.WorkItemLeaseTime > TimeSpan.FromHours(1))
        {
            failures.Add($"{prefix}{nameof(webhook.WorkItemLeaseTime)} must be between 00:00:01 and 01:00:00 (got {webhook.WorkItemLeaseTime}); it bounds how long a crashed instance blocks a work item.");
        }

        if (webhook.WorkItemLeaseWait < TimeSpan.Zero || webhook.WorkItemLeaseWait > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{prefix}{nameof(webhook.WorkItemLeaseWait)} must be between 00:00:00 and 00:01:00 (got {webhook.WorkItemLeaseWait}); the answer to Azure DevOps waits this long at most.");
        }
    }

    private static bool IsHeaderNameChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);

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

        if (resilience.NoAnswerNotice != TimeSpan.Zero
            && resilience.NoAnswerNotice != Timeout.InfiniteTimeSpan
            && (resilience.NoAnswerNotice < TimeSpan.FromSeconds(1) || resilience.NoAnswerNotice > TimeSpan.FromHours(1)))
        {
            failures.Add($"{prefix}{nameof(resilience.NoAnswerNotice)} must be between 00:00:01 and 01:00:00, or 00:00:00 to turn the notices off (got {resilience.NoAnswerNotice}).");
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
