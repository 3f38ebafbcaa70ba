using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Auth;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Sync;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IssueSync.Sdk.Subscriptions;

/// <summary>
/// The subscription lifecycle over <see cref="ISubscriptionsClient"/>. Stateless between calls: the
/// installation in the host's store is the only record of subscription ids and secrets.
/// </summary>
internal sealed class VstsSubscriptionManager : IVstsSubscriptionManager
{
    public static readonly string WorkItemUpdated = VstsWebhookEventType.WorkItemUpdated.Value;
    public static readonly string WorkItemDeleted = VstsWebhookEventType.WorkItemDeleted.Value;
    public static readonly string WorkItemCommented = VstsWebhookEventType.WorkItemCommented.Value;

    /// <summary>Saves (and whole-operation restarts) before giving up on a store that keeps changing.</summary>
    public const int MaxSaveAttempts = 5;

    /// <summary>256 bits of randomness per secret.</summary>
    private const int SecretBytes = 32;

    private readonly InstallationConnector _connector;
    private readonly IOptionsMonitor<VstsSubscriptionOptions> _options;
    private readonly TimeProvider _time;
    private readonly IIntegrationStore? _store;
    private readonly ILogger _logger;

    public VstsSubscriptionManager(
        InstallationConnector connector,
        IOptionsMonitor<VstsSubscriptionOptions> options,
        TimeProvider timeProvider,
        IIntegrationStore? store,
        IReadOnlyList<string> eventTypes,
        ILoggerFactory? loggerFactory = null)
    {
        _connector = connector;
        _options = options;
        _time = timeProvider;
        _store = store;
        EventTypes = eventTypes;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("IssueSync.Sdk.Subscriptions");
    }

    private enum Mode
    {
        Ensure,
        Check,
        Rotate,
    }

    private enum PlanKind
    {
        Keep,
        Unreadable,
        Create,
        Recreate,
        Remove,
    }

    public IReadOnlyList<string> EventTypes { get; }

    /// <summary>A new 256-bit secret as URL-safe base64 (43 characters, no padding): safe in a header line.</summary>
    public static string NewSecret()
    {
        Span<byte> bytes = stackalloc byte[SecretBytes];
        RandomNumberGenerator.Fill(bytes);
        var secret = Base64Url.EncodeToString(bytes);
        CryptographicOperations.ZeroMemory(bytes);
        return secret;
    }

    public Task<VstsSubscriptionReport> EnsureAsync(VstsInstallation installation, Uri callbackUrl, CancellationToken cancellationToken = default) =>
        ReconcileAsync(installation, callbackUrl, Mode.Ensure, cancellationToken);

    public Task<VstsSubscriptionReport> CheckAsync(VstsInstallation installation, Uri callbackUrl, CancellationToken cancellationToken = default) =>
        ReconcileAsync(installation, callbackUrl, Mode.Check, cancellationToken);

    public Task<VstsSubscriptionReport> RotateSecretAsync(VstsInstallation installation, Uri callbackUrl, CancellationToken cancellationToken = default) =>
        ReconcileAsync(installation, callbackUrl, Mode.Rotate, cancellationToken);

    public async Task<VstsSubscriptionReport> DeleteAsync(VstsInstallation installation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(installation);
        var store = RequireStore();
        // The host may remove the installation before or after calling this: both must clean up Azure DevOps.
        var stored = await store.FindByIntegrationIdAsync(installation.IntegrationId, cancellationToken).ConfigureAwait(false);
        var connected = await _connector.ConnectAsync(stored ?? installation, cancellationToken).ConfigureAwait(false);
        var source = connected.Installation;
        var client = connected.Client;
        stored = stored is null ? null : source; // a repaired URL was saved: later saves compare the new version
        var states = new List<VstsSubscriptionState>();
        var removed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        VstsSubscriptionException? denied = null;
        foreach (var reference in source.Subscriptions)
        {
            try
            {
                await DeleteRemoteAsync(client, reference.SubscriptionId, cancellationToken).ConfigureAwait(false);
                removed.Add(reference.SubscriptionId);
                states.Add(new VstsSubscriptionState(reference.EventType, null, VstsSubscriptionHealth.Removed));
                SubscriptionLog.Deleted(_logger, reference.EventType, reference.SubscriptionId, source.IntegrationId);
            }
            catch (VstsApiException ex) when (IsPermissionError(ex))
            {
                denied = PermissionDenied(source, client.Target.Credential, ex, secret: null);
                break;
            }
            catch (VstsApiException ex)
            {
                LogCallFailed(ex, reference.EventType, source.IntegrationId);
                states.Add(new VstsSubscriptionState(reference.EventType, reference.SubscriptionId, VstsSubscriptionHealth.Failed, Detail: ex.Message));
            }
        }

        if (stored is not null && (removed.Count > 0 || source.Subscriptions.Count == 0))
        {
            await SaveAsync(
                store,
                stored,
                current =>
                {
                    var left = current.Subscriptions.Where(r => !removed.Contains(r.SubscriptionId)).ToList();
                    // The secrets authenticate deliveries of the subscriptions still there; none left, none needed.
                    return current with { Subscriptions = left, WebhookSecrets = left.Count == 0 ? null : current.WebhookSecrets };
                },
                cancellationToken).ConfigureAwait(false);
        }

        return denied is null ? new VstsSubscriptionReport(source.IntegrationId, _time.GetUtcNow(), states) : throw denied;
    }

    private async Task<VstsSubscriptionReport> ReconcileAsync(VstsInstallation installation, Uri callbackUrl, Mode mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(installation);
        ValidateCallbackUrl(callbackUrl);
        var store = RequireStore();
        for (var attempt = 1; ; attempt++)
        {
            var current = await ReadAsync(store, installation.IntegrationId, cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            if (mode == Mode.Check && current.Subscriptions.Count == 0)
            {
                return new VstsSubscriptionReport(current.IntegrationId, now, []);
            }

            // A legacy stored URL is repaired (and saved) first: what follows compares the repaired record's version.
            var connected = await _connector.ConnectAsync(current, cancellationToken).ConfigureAwait(false);
            current = connected.Installation;
            var client = connected.Client;
            var plans = await InspectAsync(client, current, cancellationToken).ConfigureAwait(false);

            var secrets = current.WebhookSecrets;
            var target = TargetSecrets(secrets, mode, plans);
            if (!Equals(target, secrets))
            {
                // Saved before any subscription carries it, so the endpoint accepts the first delivery.
                if (!await store.TrySaveAsync(current with { WebhookSecrets = target }, current.Version, cancellationToken).ConfigureAwait(false))
                {
                    // Nothing was changed in Azure DevOps yet: start over from what the store holds now.
                    SubscriptionLog.SaveConflict(_logger, current.IntegrationId, attempt);
                    if (attempt == MaxSaveAttempts)
                    {
                        throw Conflict(current.IntegrationId);
                    }

                    continue;
                }

                current = await ReadAsync(store, installation.IntegrationId, cancellationToken).ConfigureAwait(false);
                if (secrets is not null)
                {
                    SubscriptionLog.SecretRotating(_logger, current.IntegrationId);
                }
            }

            // Subscriptions carrying another secret than the target's current one get the whole definition again.
            var replaceKept = secrets is null || secrets.Previous is not null || !string.Equals(secrets.Current, target.Current, StringComparison.Ordinal);
            return await ApplyAsync(store, client, current, plans, target, replaceKept, callbackUrl, now, secretChanged: secrets is not null && !string.Equals(secrets.Current, target.Current, StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);
        }
    }

    private static VstsWebhookSecrets TargetSecrets(VstsWebhookSecrets? secrets, Mode mode, List<Plan> plans)
    {
        if (secrets is null)
        {
            return new VstsWebhookSecrets(NewSecret());
        }

        if (secrets.Previous is not null)
        {
            // An unfinished rotation: finish it with its own new secret; a third secret would strand the previous one.
            return secrets;
        }

        // A recreated subscription gets a new secret (the old one may be why deliveries failed), and so do the rest.
        return mode == Mode.Rotate || plans.Exists(static p => p.Kind == PlanKind.Recreate)
            ? new VstsWebhookSecrets(NewSecret(), secrets.Current)
            : secrets;
    }

    private async Task<List<Plan>> InspectAsync(IVstsClient client, VstsInstallation installation, CancellationToken cancellationToken)
    {
        var plans = new List<Plan>();
        foreach (var eventType in EventTypes)
        {
            var recorded = installation.Subscriptions.Where(r => IsEventType(r, eventType)).ToList();
            if (recorded.Count == 0)
            {
                plans.Add(new Plan(eventType, null, PlanKind.Create));
                continue;
            }

            // One subscription per event type: a second would deliver every event twice.
            plans.AddRange(recorded.Skip(1).Select(r => new Plan(eventType, r, PlanKind.Remove)));
            var reference = recorded[0];
            try
            {
                var remote = await client.Subscriptions.GetAsync(reference.SubscriptionId, cancellationToken).ConfigureAwait(false);
                plans.Add(new Plan(eventType, reference, remote.Status == SubscriptionStatus.DisabledBySystem ? PlanKind.Recreate : PlanKind.Keep) { Remote = remote });
            }
            catch (VstsApiException ex) when (ex.Kind == VstsErrorKind.NotFound)
            {
                plans.Add(new Plan(eventType, reference, PlanKind.Recreate));
            }
            catch (VstsApiException ex) when (IsPermissionError(ex))
            {
                throw PermissionDenied(installation, client.Target.Credential, ex, secret: null);
            }
            catch (VstsApiException ex)
            {
                LogCallFailed(ex, eventType, installation.IntegrationId);
                plans.Add(new Plan(eventType, reference, PlanKind.Unreadable) { Failure = ex.Message });
            }
        }

        plans.AddRange(installation.Subscriptions
            .Where(r => !EventTypes.Any(t => IsEventType(r, t)))
            .Select(r => new Plan(r.EventType, r, PlanKind.Remove)));
        return plans;
    }

    private async Task<VstsSubscriptionReport> ApplyAsync(
        IIntegrationStore store,
        IVstsClient client,
        VstsInstallation installation,
        List<Plan> plans,
        VstsWebhookSecrets target,
        bool replaceKept,
        Uri callbackUrl,
        DateTimeOffset now,
        bool secretChanged,
        CancellationToken cancellationToken)
    {
        Exception? stopped = null;
        foreach (var plan in plans)
        {
            if (stopped is not null)
            {
                // Not reached: the subscription keeps its record and whatever secret it carries.
                plan.Outcome(plan.Existing, Failed(plan, "Not processed: the operation stopped early."), carriesTarget: !replaceKept);
                continue;
            }

            try
            {
                await ApplyOneAsync(client, installation, plan, target.Current, replaceKept, callbackUrl, now, cancellationToken).ConfigureAwait(false);
            }
            catch (VstsApiException ex) when (IsPermissionError(ex))
            {
                stopped = PermissionDenied(installation, client.Target.Credential, ex, target.Current);
                plan.Outcome(plan.Existing, Failed(plan, stopped.Message), carriesTarget: !replaceKept);
            }
            catch (OperationCanceledException ex)
            {
                // What was already created must still be recorded, or it would deliver to nobody's record.
                stopped = ex;
                plan.Outcome(plan.Existing, Failed(plan, "Cancelled."), carriesTarget: !replaceKept);
            }
        }

        var complete = plans.TrueForAll(static p => p.CarriesTarget);
        var final = complete && target.Previous is not null ? new VstsWebhookSecrets(target.Current) : target;
        var handled = plans.Select(static p => p.EventType).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var references = plans.Where(static p => p.Reference is not null).Select(p => p.Reference!).ToList();
        await SaveAsync(
            store,
            installation,
            current => current with
            {
                Subscriptions = [.. references, .. current.Subscriptions.Where(r => !handled.Contains(r.EventType))],
                // Another writer's secrets win over ours: its subscriptions carry them.
                WebhookSecrets = Equals(current.WebhookSecrets, target) ? final : current.WebhookSecrets,
            },
            stopped is null ? cancellationToken : CancellationToken.None,
            created: plans.Where(static p => p.Created).Select(static p => p.Reference!.SubscriptionId).ToList()).ConfigureAwait(false);

        if (target.Previous is not null && final.Previous is null)
        {
            SubscriptionLog.RotationCompleted(_logger, installation.IntegrationId);
        }

        if (stopped is not null)
        {
            throw stopped is OperationCanceledException ? new OperationCanceledException(stopped.Message, stopped, cancellationToken) : stopped;
        }

        return new VstsSubscriptionReport(installation.IntegrationId, now, plans.Select(static p => p.State!).ToList())
        {
            SecretRotated = secretChanged,
            RotationPending = final.Previous is not null,
        };
    }

    private async Task ApplyOneAsync(IVstsClient client, VstsInstallation installation, Plan plan, string secret, bool replaceKept, Uri callbackUrl, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var integrationId = installation.IntegrationId;
        switch (plan.Kind)
        {
            case PlanKind.Create:
            {
                var created = await TryCreateAsync(client, plan, secret, callbackUrl, integrationId, cancellationToken).ConfigureAwait(false);
                if (created is null)
                {
                    return;
                }

                SubscriptionLog.Created(_logger, plan.EventType, created.Id, integrationId);
                plan.Outcome(new VstsSubscriptionReference(plan.EventType, created.Id, now), new VstsSubscriptionState(plan.EventType, created.Id, VstsSubscriptionHealth.Created, created.Status), carriesTarget: true, created: true);
                return;
            }

            case PlanKind.Recreate:
                await RecreateAsync(client, plan, deleteFirst: plan.Remote is not null, secret, callbackUrl, integrationId, now, cancellationToken).ConfigureAwait(false);
                return;

            case PlanKind.Remove:
            {
                var existing = plan.Existing!;
                try
                {
                    await DeleteRemoteAsync(client, existing.SubscriptionId, cancellationToken).ConfigureAwait(false);
                }
                catch (VstsApiException ex) when (!IsPermissionError(ex))
                {
                    LogCallFailed(ex, plan.EventType, integrationId);
                    // Still there with whatever secret it had: keep the record (and the previous secret) for the next run.
                    plan.Outcome(existing, Failed(plan, ex.Message), carriesTarget: !replaceKept);
                    return;
                }

                SubscriptionLog.Deleted(_logger, plan.EventType, existing.SubscriptionId, integrationId);
                plan.Outcome(null, new VstsSubscriptionState(plan.EventType, null, VstsSubscriptionHealth.Removed), carriesTarget: true);
                return;
            }

            default:
            {
                var existing = plan.Existing!;
                var remote = plan.Remote;
                if (replaceKept)
                {
                    try
                    {
                        remote = await SendWithSecretAsync(
                            secret,
                            () => client.Subscriptions.ReplaceAsync(existing.SubscriptionId, Request(plan.EventType, callbackUrl, secret), cancellationToken)).ConfigureAwait(false);
                    }
                    catch (VstsApiException ex) when (ex.Kind == VstsErrorKind.NotFound)
                    {
                        // Deleted between the read and the replace: it is missing, so it is created again.
                        await RecreateAsync(client, plan, deleteFirst: false, secret, callbackUrl, integrationId, now, cancellationToken).ConfigureAwait(false);
                        return;
                    }
                    catch (VstsApiException ex) when (!IsPermissionError(ex))
                    {
                        LogCallFailed(ex, plan.EventType, integrationId);
                        plan.Outcome(existing with { LastCheckedAt = now }, Failed(plan, ex.Message), carriesTarget: false);
                        return;
                    }
                }

                if (remote is null)
                {
                    plan.Outcome(existing with { LastCheckedAt = now }, Failed(plan, plan.Failure), carriesTarget: !replaceKept);
                    return;
                }

                var health = HealthOf(remote.Status);
                if (health != VstsSubscriptionHealth.Healthy)
                {
                    SubscriptionLog.NotDelivering(_logger, plan.EventType, remote.Id, integrationId, remote.Status.Value, health);
                }

                plan.Outcome(existing with { LastCheckedAt = now }, new VstsSubscriptionState(plan.EventType, remote.Id, health, remote.Status, DetailOf(health)), carriesTarget: true);
                return;
            }
        }
    }

    private async Task RecreateAsync(IVstsClient client, Plan plan, bool deleteFirst, string secret, Uri callbackUrl, string integrationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var existing = plan.Existing!;
        if (deleteFirst)
        {
            try
            {
                // Updating a disabledBySystem subscription does not bring it back: delete and create.
                await DeleteRemoteAsync(client, existing.SubscriptionId, cancellationToken).ConfigureAwait(false);
            }
            catch (VstsApiException ex) when (!IsPermissionError(ex))
            {
                // A disabled leftover delivers nothing; the new subscription matters more.
                LogCallFailed(ex, plan.EventType, integrationId);
            }
        }

        var reason = deleteFirst ? plan.Remote!.Status.Value : "missing";
        var created = await TryCreateAsync(client, plan, secret, callbackUrl, integrationId, cancellationToken, $"The subscription {existing.SubscriptionId} was {reason}; creating it again failed: ").ConfigureAwait(false);
        if (created is null)
        {
            return;
        }

        SubscriptionLog.Recreated(_logger, plan.EventType, existing.SubscriptionId, integrationId, reason, created.Id);
        plan.Outcome(
            new VstsSubscriptionReference(plan.EventType, created.Id, now),
            new VstsSubscriptionState(plan.EventType, created.Id, VstsSubscriptionHealth.Recreated, created.Status, $"The subscription {existing.SubscriptionId} was {reason}."),
            carriesTarget: true,
            created: true);
    }

    private async Task<ServiceHookSubscription?> TryCreateAsync(IVstsClient client, Plan plan, string secret, Uri callbackUrl, string integrationId, CancellationToken cancellationToken, string failurePrefix = "")
    {
        try
        {
            return await SendWithSecretAsync(secret, () => client.Subscriptions.CreateAsync(Request(plan.EventType, callbackUrl, secret), cancellationToken)).ConfigureAwait(false);
        }
        catch (VstsApiException ex) when (!IsPermissionError(ex))
        {
            LogCallFailed(ex, plan.EventType, integrationId);
            // A failed recreate keeps the old record, so the next check finds it missing again and retries.
            plan.Outcome(plan.Existing, Failed(plan, failurePrefix + ex.Message), carriesTarget: true);
            return null;
        }
    }

    /// <summary>
    /// Runs a call whose body carries <paramref name="secret"/>. Azure DevOps may quote the header back in an
    /// error message, so a failure is rethrown with the secret cut out of every text it carries.
    /// </summary>
    private static async Task<T> SendWithSecretAsync<T>(string secret, Func<Task<T>> send)
    {
        try
        {
            return await send().ConfigureAwait(false);
        }
        catch (VstsApiException ex) when (Mentions(ex, secret))
        {
            throw Sanitized(ex, secret);
        }
    }

    /// <summary>The same failure with <paramref name="secret"/> cut out of its texts (and no inner exception to quote it).</summary>
    private static VstsApiException Sanitized(VstsApiException ex, string secret) => new(
        Redact(ex.Message, secret),
        ex.Kind,
        ex.StatusCode,
        ex.ErrorCode,
        ex.TypeKey,
        ex.ServiceMessage is null ? null : Redact(ex.ServiceMessage, secret),
        ex.ActivityId,
        ex.RetryAfter,
        ex.Operation);

    private static bool Mentions(VstsApiException ex, string secret) =>
        ex.Message.Contains(secret, StringComparison.Ordinal) || ex.ServiceMessage?.Contains(secret, StringComparison.Ordinal) == true
        || ex.InnerException?.Message.Contains(secret, StringComparison.Ordinal) == true;

    private static string Redact(string text, string secret) => text.Replace(secret, ServiceHookInputs.Redacted, StringComparison.Ordinal);

    private static async Task DeleteRemoteAsync(IVstsClient client, string subscriptionId, CancellationToken cancellationToken)
    {
        try
        {
            await client.Subscriptions.DeleteAsync(subscriptionId, cancellationToken).ConfigureAwait(false);
        }
        catch (VstsApiException ex) when (ex.Kind == VstsErrorKind.NotFound)
        {
            // Already gone: what deleting wanted.
        }
    }

    private ServiceHookSubscriptionRequest Request(string eventType, Uri callbackUrl, string secret) => new()
    {
        EventType = eventType,
        // No publisher inputs: an organization-level subscription (every project, every work item type).
        ConsumerInputs = new Dictionary<string, string>(3, StringComparer.Ordinal)
        {
            ["url"] = callbackUrl.AbsoluteUri,
            ["resourceDetailsToSend"] = "all",
            ["httpHeaders"] = $"{_options.CurrentValue.SecretHeaderName}:{secret}",
        },
    };

    private async Task<VstsInstallation> SaveAsync(
        IIntegrationStore store,
        VstsInstallation read,
        Func<VstsInstallation, VstsInstallation> change,
        CancellationToken cancellationToken,
        IReadOnlyList<string>? created = null)
    {
        var current = read;
        for (var attempt = 1; ; attempt++)
        {
            var updated = change(current);
            if (await store.TrySaveAsync(updated, current.Version, cancellationToken).ConfigureAwait(false))
            {
                return updated;
            }

            SubscriptionLog.SaveConflict(_logger, current.IntegrationId, attempt);
            if (attempt == MaxSaveAttempts)
            {
                ReportUnsaved(created, current.IntegrationId, "the installation kept changing");
                throw Conflict(current.IntegrationId);
            }

            var reread = await store.FindByIntegrationIdAsync(current.IntegrationId, cancellationToken).ConfigureAwait(false);
            if (reread is null)
            {
                ReportUnsaved(created, current.IntegrationId, "the installation was removed from the store");
                throw NotFound(current.IntegrationId);
            }

            current = reread;
        }
    }

    private void ReportUnsaved(IReadOnlyList<string>? created, string integrationId, string reason)
    {
        if (created is { Count: > 0 })
        {
            SubscriptionLog.NotSaved(_logger, string.Join(", ", created), integrationId, reason);
        }
    }

    private static async Task<VstsInstallation> ReadAsync(IIntegrationStore store, string integrationId, CancellationToken cancellationToken) =>
        await store.FindByIntegrationIdAsync(integrationId, cancellationToken).ConfigureAwait(false) ?? throw NotFound(integrationId);

    private IIntegrationStore RequireStore() => _store ?? throw new VstsSubscriptionException(
        "Managing subscriptions needs the host's IIntegrationStore (subscription ids and the webhook secret are saved there): register it with AddIntegrationStore on the builder AddVstsIssueSync returns.",
        VstsSubscriptionErrorKind.NotConfigured);

    private static VstsSubscriptionException Conflict(string integrationId) => new(
        $"The subscriptions of installation '{integrationId}' were not saved: the installation changed {MaxSaveAttempts} times while saving. Try again.",
        VstsSubscriptionErrorKind.Conflict);

    private static VstsSubscriptionException NotFound(string integrationId) => new(
        $"Installation '{integrationId}' is not in the integration store.",
        VstsSubscriptionErrorKind.InstallationNotFound);

    /// <summary>
    /// A refusal as the host can act on it: a credential Azure DevOps did not accept (401, or its
    /// sign-in page) is <see cref="VstsSubscriptionErrorKind.CredentialRejected"/> with the causes for
    /// that kind of credential; a refusal of an accepted one (403, or in words) is
    /// <see cref="VstsSubscriptionErrorKind.PermissionDenied"/>: Project Collection Administrator rights,
    /// and for OAuth the organization's third-party access policy.
    /// </summary>
    private VstsSubscriptionException PermissionDenied(VstsInstallation installation, VstsCredential credential, VstsApiException ex, string? secret)
    {
        var organization = installation.OrganizationName ?? installation.OrganizationUrl;
        var operation = ex.Operation ?? "Subscriptions";
        var status = ex.StatusCode is { } code ? $"HTTP {(int)code}" : ex.Kind.ToString();
        var statusCode = (int?)ex.StatusCode ?? 0;
        var cause = secret is not null && Mentions(ex, secret) ? Sanitized(ex, secret) : ex;
        var oauth = credential is OAuthIdentityCredential;
        if (ex.Kind == VstsErrorKind.Unauthorized || ex.StatusCode == HttpStatusCode.Unauthorized)
        {
            var (kind, causes) = credential switch
            {
                PersonalAccessTokenCredential => (
                    "personal access token",
                    "The token may be expired or revoked, lack the scope managing service hooks needs (Service Hooks: Read, query, & manage), "
                    + "or belong to another organization (an organization-scoped token works only in its own organization). Give the installation a valid token for this organization."),
                OAuthIdentityCredential => (
                    "OAuth identity",
                    "The user or an administrator may have revoked the authorization, or the organization may not allow third-party application access via OAuth "
                    + "(Organization settings > Policies > Third-party application access via OAuth). Authorize the installation again."),
                _ => (
                    "app identity",
                    "The service principal or managed identity may not have been added to this organization as a user, or its token may come from another tenant than the organization's."),
            };
            SubscriptionLog.CredentialRejected(_logger, operation, installation.IntegrationId, statusCode, kind);
            return new VstsSubscriptionException(
                $"Azure DevOps did not accept the {kind} of installation '{installation.IntegrationId}' for organization '{organization}' ({operation}: {status}). {causes}",
                VstsSubscriptionErrorKind.CredentialRejected,
                cause);
        }

        var remedy = oauth
            ? "allow third-party application access via OAuth and use an identity with Project Collection Administrator rights"
            : "use an identity with Project Collection Administrator rights";
        SubscriptionLog.PermissionDenied(_logger, operation, installation.IntegrationId, statusCode, remedy);
        var whose = credential is PersonalAccessTokenCredential ? " (the owner of the personal access token)" : string.Empty;
        var policy = oauth
            ? "; the organization must also allow third-party application access via OAuth (Organization settings > Policies > Third-party application access via OAuth)"
            : string.Empty;
        return new VstsSubscriptionException(
            $"Azure DevOps refused to manage the service-hook subscriptions of organization '{organization}' ({operation}: {status}). "
            + $"Managing organization-level service hooks needs Project Collection Administrator rights for the identity the SDK uses for this installation{whose}{policy}.",
            VstsSubscriptionErrorKind.PermissionDenied,
            cause);
    }

    /// <summary>401, 403, or a refusal in words (Azure DevOps answers some with 400).</summary>
    private static bool IsPermissionError(VstsApiException ex) =>
        ex.Kind is VstsErrorKind.Unauthorized or VstsErrorKind.Forbidden
        || ex.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
        || SaysRefused(ex.ServiceMessage)
        || (ex.StatusCode is not null && SaysRefused(ex.Message));

    private static bool SaysRefused(string? text) =>
        text is not null && (text.Contains("permission", StringComparison.OrdinalIgnoreCase) || text.Contains("not authorized", StringComparison.OrdinalIgnoreCase));

    private static bool IsEventType(VstsSubscriptionReference reference, string eventType) =>
        string.Equals(reference.EventType, eventType, StringComparison.OrdinalIgnoreCase);

    private static VstsSubscriptionHealth HealthOf(SubscriptionStatus status) =>
        status == SubscriptionStatus.Enabled ? VstsSubscriptionHealth.Healthy
        : status == SubscriptionStatus.OnProbation ? VstsSubscriptionHealth.OnProbation
        : status == SubscriptionStatus.DisabledByUser ? VstsSubscriptionHealth.DisabledByUser
        : status == SubscriptionStatus.DisabledByInactiveIdentity ? VstsSubscriptionHealth.DisabledByInactiveIdentity
        : VstsSubscriptionHealth.UnknownStatus;

    private static string? DetailOf(VstsSubscriptionHealth health) => health switch
    {
        VstsSubscriptionHealth.OnProbation => "Deliveries failed; Azure DevOps retries slowly and drops new events until one succeeds. Check the webhook endpoint.",
        VstsSubscriptionHealth.DisabledByUser => "Turned off in Azure DevOps; the SDK leaves it off. Enable it there to receive events.",
        VstsSubscriptionHealth.DisabledByInactiveIdentity => "Its owner left or lost permission. Reconnect the installation with an active identity, then ensure the subscriptions again.",
        VstsSubscriptionHealth.UnknownStatus => "Azure DevOps reported a status this SDK does not know.",
        _ => null,
    };

    private static VstsSubscriptionState Failed(Plan plan, string? detail) =>
        new(plan.EventType, plan.Existing?.SubscriptionId, VstsSubscriptionHealth.Failed, plan.Remote?.Status ?? default, detail);

    private static void ValidateCallbackUrl(Uri callbackUrl)
    {
        ArgumentNullException.ThrowIfNull(callbackUrl);
        if (!callbackUrl.IsAbsoluteUri || callbackUrl.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException(
                "The callback URL must be an absolute https URL: the shared secret travels in a request header, and Azure DevOps posts from the internet.",
                nameof(callbackUrl));
        }
    }

    private void LogCallFailed(VstsApiException ex, string eventType, string integrationId) =>
        SubscriptionLog.CallFailed(_logger, ex.Operation, eventType, integrationId, ex.Kind.ToString(), (int?)ex.StatusCode ?? 0, ex.ActivityId);

    /// <summary>What to do for one event type's subscription, and then what happened.</summary>
    private sealed record Plan(string EventType, VstsSubscriptionReference? Existing, PlanKind Kind)
    {
        public ServiceHookSubscription? Remote { get; init; }

        /// <summary>Why the recorded subscription could not be read.</summary>
        public string? Failure { get; init; }

        /// <summary>The record to keep after applying (null: none).</summary>
        public VstsSubscriptionReference? Reference { get; private set; }

        public VstsSubscriptionState? State { get; private set; }

        /// <summary>False while a subscription may still carry a secret other than the target's current one.</summary>
        public bool CarriesTarget { get; private set; }

        public bool Created { get; private set; }

        public void Outcome(VstsSubscriptionReference? reference, VstsSubscriptionState state, bool carriesTarget, bool created = false)
        {
            Reference = reference;
            State = state;
            CarriesTarget = carriesTarget;
            Created = created;
        }
    }
}
