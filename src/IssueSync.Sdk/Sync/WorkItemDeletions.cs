using IssueSync.Sdk.Abstractions;

namespace IssueSync.Sdk.Sync;

/// <summary>
/// Tells the host of a work item's deletion once, whether the <c>workitem.deleted</c> webhook or reconciliation sees it
/// first: the deletion is recorded as the <see cref="Field"/> watermark (compare-and-set, with a pending action while
/// the host is told, confirmed after), so whichever comes second finds it told and does nothing. A telling a failure
/// interrupted is redone by the next one. A singleton.
/// </summary>
internal sealed class WorkItemDeletions(FieldWatermarks watermarks)
{
    /// <summary>The watermark field a deletion is recorded under.</summary>
    public const string Field = "System.IsDeleted";

    /// <summary>The pending action that tells the linked groups of the deletion.</summary>
    public const string Delete = "delete";

    /// <summary>
    /// Records the deletion of <paramref name="workItemId"/> in <paramref name="revision"/> and calls
    /// <paramref name="tell"/> unless it was told already (or another delivery is telling it now).
    /// </summary>
    /// <param name="organizationId">The organization (collection) id.</param>
    /// <param name="workItemId">The deleted work item.</param>
    /// <param name="revision">The revision the deletion was seen at; <see langword="null"/> when unknown (then any other sighting counts as the same).</param>
    /// <param name="tell">Tells the host; throws <see cref="HostStoreException"/> when its store fails.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns><see langword="true"/> when the host was told now.</returns>
    /// <exception cref="HostStoreException">The watermark store or <paramref name="tell"/> failed.</exception>
    public async ValueTask<bool> TellOnceAsync(string organizationId, int workItemId, int? revision, Func<CancellationToken, ValueTask> tell, CancellationToken cancellationToken)
    {
        var at = revision ?? int.MaxValue;
        SyncWatermark pending;
        try
        {
            var read = FieldWatermarks.Find(await watermarks.ReadAsync(organizationId, workItemId, cancellationToken).ConfigureAwait(false), Field);
            // A sighting without a revision is the deletion already recorded, whichever revision that was.
            if (read is not null && (revision is null || FieldWatermarks.Place(read, at) != FieldPlacement.Newer))
            {
                if (read.PendingAction is null)
                {
                    return false; // told already
                }

                pending = read; // a telling a failure interrupted: redo it
            }
            else if (await watermarks.TryRecordAsync(organizationId, workItemId, read, Field, at, "true", "false", Delete, cancellationToken).ConfigureAwait(false) is { } saved)
            {
                pending = saved;
            }
            else
            {
                return false; // another delivery of the deletion recorded it first and tells the host
            }
        }
        catch (Exception ex) when (HostStoreException.IsStoreFailure(ex, cancellationToken))
        {
            throw new HostStoreException(nameof(ISyncWatermarkStore), ex);
        }

        await tell(cancellationToken).ConfigureAwait(false);
        try
        {
            await watermarks.TryConfirmAsync(organizationId, workItemId, pending, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (HostStoreException.IsStoreFailure(ex, cancellationToken))
        {
            throw new HostStoreException(nameof(ISyncWatermarkStore), ex);
        }

        return true;
    }
}
