using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Sync;
using Microsoft.Extensions.Logging;

namespace IssueSync.Sdk.Inbound;

/// <summary>
/// Claims a delivery's ids in the <see cref="IDeliveryDedupeStore"/> before it is applied: the first
/// delivery of a notification or event takes them, a repeat finds them taken. A singleton.
/// </summary>
internal sealed class DeliveryClaims(IDeliveryDedupeStore store, ILogger logger)
{
    /// <summary>Claims the delivery's notification and event ids.</summary>
    /// <param name="delivery">The verified delivery.</param>
    /// <param name="retention">How long the ids are kept.</param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    /// <returns>The claim (a duplicate when another delivery holds either id); dispose it, after <see cref="DeliveryClaim.Commit"/> when applied.</returns>
    /// <exception cref="HostStoreException">The dedupe store failed (nothing stays claimed).</exception>
    public async ValueTask<DeliveryClaim> ClaimAsync(VerifiedDelivery delivery, TimeSpan retention, CancellationToken cancellationToken)
    {
        var (notificationKey, eventKey) = delivery.DeliveryKeys();
        var notificationClaimed = false;
        try
        {
            if (notificationKey is not null)
            {
                if (!await store.TryClaimAsync(notificationKey, retention, cancellationToken).ConfigureAwait(false))
                {
                    return DeliveryClaim.Duplicate;
                }

                notificationClaimed = true;
            }

            // Another notification of an event already handled: this one is done too (its own key stays).
            if (eventKey is not null && !await store.TryClaimAsync(eventKey, retention, cancellationToken).ConfigureAwait(false))
            {
                return DeliveryClaim.Duplicate;
            }

            return new DeliveryClaim(this, notificationKey, eventKey);
        }
        catch (Exception ex)
        {
            // The caller never sees this claim: give back what was taken, or its redelivery is a "duplicate".
            if (notificationClaimed)
            {
                await ReleaseAsync(notificationKey, eventKey: null).ConfigureAwait(false);
            }

            if (HostStoreException.IsStoreFailure(ex, cancellationToken))
            {
                throw new HostStoreException(nameof(IDeliveryDedupeStore), ex);
            }

            throw;
        }
    }

    /// <summary>Gives ids back so Azure DevOps' redelivery is processed. Best effort: a failure is logged.</summary>
    internal async Task ReleaseAsync(string? notificationKey, string? eventKey)
    {
        try
        {
            if (notificationKey is not null)
            {
                await store.ReleaseAsync(notificationKey, CancellationToken.None).ConfigureAwait(false);
            }

            if (eventKey is not null)
            {
                await store.ReleaseAsync(eventKey, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            InboundLog.DeliveryNotForgotten(logger, ex);
        }
    }
}

/// <summary>
/// The ids one delivery holds. <see cref="Commit"/> once the delivery is handled; disposing an
/// uncommitted claim gives the ids back, so a failed or cancelled delivery's redelivery is processed.
/// </summary>
internal sealed class DeliveryClaim : IAsyncDisposable
{
    /// <summary>The delivery was taken on before: nothing is held.</summary>
    public static readonly DeliveryClaim Duplicate = new(owner: null, notificationKey: null, eventKey: null) { IsDuplicate = true };

    private readonly DeliveryClaims? _owner;
    private bool _committed;

    internal DeliveryClaim(DeliveryClaims? owner, string? notificationKey, string? eventKey)
    {
        _owner = owner;
        NotificationKey = notificationKey;
        EventKey = eventKey;
    }

    public bool IsDuplicate { get; private init; }

    internal string? NotificationKey { get; }

    internal string? EventKey { get; }

    /// <summary>Keeps the ids: the delivery was handled (applied, or deliberately left).</summary>
    public void Commit() => _committed = true;

    public ValueTask DisposeAsync()
    {
        if (_committed || _owner is null || (NotificationKey is null && EventKey is null))
        {
            return ValueTask.CompletedTask;
        }

        _committed = true;
        return new ValueTask(_owner.ReleaseAsync(NotificationKey, EventKey));
    }
}
