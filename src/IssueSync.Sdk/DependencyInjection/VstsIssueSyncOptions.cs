using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Inbound;
using IssueSync.Sdk.Issues;
using IssueSync.Sdk.Reconciliation;
using IssueSync.Sdk.Resilience;

namespace IssueSync.Sdk;

/// <summary>
/// Settings of the SDK, bound from the configuration section <c>IssueSync:Vsts</c> or set in code
/// through <c>AddVstsIssueSync(options =&gt; …)</c>. Validated at start under the generic host and
/// on first use otherwise.
/// </summary>
public sealed class VstsIssueSyncOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "IssueSync:Vsts";

    /// <summary>
    /// The default organization for single-organization hosts, e.g.
    /// <c>https://dev.azure.com/fabrikam/</c>. Optional: multi-organization hosts create a client per
    /// installation instead.
    /// </summary>
    public string? OrganizationUrl { get; set; }

    /// <summary>
    /// A personal access token for the default organization. Keep it out of source control (user
    /// secrets, environment variables, a vault). Never logged.
    /// </summary>
    public string? PersonalAccessToken { get; set; }

    /// <summary>
    /// An application name added to the <c>User-Agent</c> of every request, so Azure DevOps
    /// administrators can tell the host's traffic apart. Letters, digits, <c>.</c>, <c>-</c> and
    /// <c>_</c>, at most 64 characters.
    /// </summary>
    public string? ApplicationName { get; set; }

    /// <summary>
    /// Bearer tokens (OAuth and app identities) are refreshed when they expire within this
    /// margin, at most half a token's lifetime (so a token that lives 5 minutes is used for about
    /// 2.5 minutes rather than refreshed before every call). Default 5 minutes.
    /// </summary>
    public TimeSpan TokenRefreshSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The OAuth app registration used to refresh OAuth identities (section <c>IssueSync:Vsts:OAuth</c>).</summary>
    public VstsOAuthOptions OAuth { get; set; } = new();

    /// <summary>
    /// Retries and timeouts of every request (section <c>IssueSync:Vsts:Resilience</c>).
    /// </summary>
    public VstsResilienceOptions Resilience { get; set; } = new();

    /// <summary>
    /// The work item state categories that count as "done" for the resolve decision. Default (when
    /// unset, empty or only blank names, which are skipped): <c>Resolved</c> and <c>Completed</c>; add
    /// <c>Removed</c> to treat removed items as resolved.
    /// </summary>
    public string[]? DoneStateCategories { get; set; }

    /// <summary>Inbound webhook handling (section <c>IssueSync:Vsts:Webhook</c>).</summary>
    public VstsWebhookOptions Webhook { get; set; } = new();

    /// <summary>Outbound sync: conflict retries, project and user caches, comment mode (section <c>IssueSync:Vsts:Outbound</c>).</summary>
    public VstsOutboundSyncOptions Outbound { get; set; } = new();

    /// <summary>Reconciliation from the reporting revisions feed: lookback and batch size (section <c>IssueSync:Vsts:Reconciliation</c>).</summary>
    public VstsReconciliationOptions Reconciliation { get; set; } = new();

    /// <summary>Repositories and commits: concurrency and cap of commit detail reads (section <c>IssueSync:Vsts:Repositories</c>).</summary>
    public Repositories.VstsRepositoryOptions Repositories { get; set; } = new();
}
