using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using IssueSync.Sdk.Abstractions;
using IssueSync.Sdk.Client;
using IssueSync.Sdk.Client.Models;
using IssueSync.Sdk.Patch;

namespace IssueSync.Sdk.Issues;

/// <summary>
/// Writes that no revision identifies (a create for a host group, a comment for a host comment) under
/// lost answers: each attempt is recorded in the ledger before it is sent, and while one stands whose
/// outcome is unknown, nothing is sent again until a lookup of what landed came back empty.
/// </summary>
internal sealed partial class IssueIntegration
{
    /// <summary>
    /// Creates the work item of a host group exactly once: an earlier attempt still standing (its answer
    /// lost, its process stopped) is looked up by the group's tag, after the settle delay, before any POST;
    /// an attempt in this call whose outcome is unknown is looked up the same way before the next. After a
    /// create that followed an unknown outcome the tag is queried once more: a create committed after the
    /// client gave up is a duplicate, handled by <see cref="VstsOutboundSyncOptions.DuplicateCreates"/>.
    /// </summary>
    private async Task<GroupCreate> CreateForGroupAsync(CreateRules rules, WorkItemPatch patch, string groupTag, CancellationToken cancellationToken)
    {
        var organizationId = _installation.OrganizationId;
        var key = "create:" + groupTag;
        var ledger = _ownWrites.Ledger;
        var options = _services.Outbound;
        var attempt = await ledger.FindAttemptAsync(organizationId, key, cancellationToken).ConfigureAwait(false);
        var followedUnknown = attempt is not null;
        if (attempt is not null && await LandedByTagAsync(groupTag, attempt, cancellationToken).ConfigureAwait(false) is [_, ..] landed)
        {
            return await KeepLowestAsync(key, landed, created: null, cancellationToken).ConfigureAwait(false);
        }

        for (var tries = 1; ; tries++)
        {
            var now = _services.TimeProvider.GetUtcNow();
            attempt = new OwnWriteAttempt { OrganizationId = organizationId, Key = key, FirstAttemptAt = attempt?.FirstAttemptAt ?? now, LastAttemptAt = now };

            // Written ahead: a crash or a lost answer from here on leaves it standing for the next call, anywhere.
            await ledger.RecordAttemptAsync(attempt, cancellationToken).ConfigureAwait(false);
            WorkItem created;
            try
            {
                created = await CreateOnceAsync(rules, patch, cancellationToken).ConfigureAwait(false);
            }
            catch (VstsApiException ex) when (ex.IsOutcomeUnknown)
            {
                followedUnknown = true;
                attempt = await GaveUpAsync(attempt).ConfigureAwait(false);
                if (tries >= options.MaxUnknownOutcomeAttempts)
                {
                    throw; // the attempt stays: the host's next call looks before it sends
                }

                if (await LandedByTagAsync(groupTag, attempt, cancellationToken).ConfigureAwait(false) is [_, ..] found)
                {
                    return await KeepLowestAsync(key, found, created: null, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }
            catch (Exception ex) when (!followedUnknown && ex is VstsApiException or IssueIntegrationException)
            {
                // Certainly not applied, and no earlier attempt may land: nothing to look for next time.
                // After an unknown outcome the attempt stays: that earlier POST may still commit late.
                await ledger.RemoveAttemptAsync(organizationId, key, CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            if (!followedUnknown)
            {
                await ledger.RemoveAttemptAsync(organizationId, key, CancellationToken.None).ConfigureAwait(false);
                return new GroupCreate(created, [], false);
            }

            // An attempt given up on may still have been committed after its lookup: one more look.
            var carrying = await UnknownIfFailsAsync(() => FindIdsByTagAsync(groupTag, cancellationToken)).ConfigureAwait(false);
            return await KeepLowestAsync(key, carrying.Contains(created.Id) ? carrying : [.. carrying, created.Id], created, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits out the settle delay after <paramref name="attempt"/>'s latest send, then reads which work items
    /// carry the tag. A failure of the lookup leaves the create's outcome unknown.
    /// </summary>
    private async Task<IReadOnlyList<int>> LandedByTagAsync(string groupTag, OwnWriteAttempt attempt, CancellationToken cancellationToken)
    {
        IssueSyncLog.UnknownOutcomeLookup(_services.Logger, "create of a group's work item");
        await SettleAsync(attempt, cancellationToken).ConfigureAwait(false);
        return await UnknownIfFailsAsync(() => FindIdsByTagAsync(groupTag, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// A read made while a write's outcome is open (the look for what landed, the look after a resend, the read
    /// of the item kept): its failure leaves the write's outcome unknown to the host, whatever the failure's
    /// kind, and the attempt stays in the ledger, so the host's next call looks again instead of giving up.
    /// </summary>
    private static async Task<T> UnknownIfFailsAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (VstsApiException ex)
        {
            ex.IsOutcomeUnknown = true;
            throw;
        }
    }

    /// <summary>
    /// The client gave up on an attempt whose outcome is unknown: the settle delay counts from now, not from the
    /// send. Internal retries and a timeout can put the send well before the request reached Azure DevOps, and a
    /// delay counted from the send could end before a late commit. Kept in the ledger for the host's next call;
    /// when that write fails, the attempt as sent stands there (a shorter wait) and the caller's error is not hidden.
    /// </summary>
    private async Task<OwnWriteAttempt> GaveUpAsync(OwnWriteAttempt attempt)
    {
        var gaveUp = attempt with { LastAttemptAt = _services.TimeProvider.GetUtcNow() };
        try
        {
            await _ownWrites.Ledger.RecordAttemptAsync(gaveUp, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            IssueSyncLog.AttemptNotRecorded(_services.Logger, attempt.Key, ex.GetType().Name);
        }

        return gaveUp;
    }

    /// <summary>Waits until the settle delay has passed since the client gave up on the attempt's latest send (not at all when it has).</summary>
    private async Task SettleAsync(OwnWriteAttempt attempt, CancellationToken cancellationToken)
    {
        var time = _services.TimeProvider;
        var wait = attempt.LastAttemptAt + _services.Outbound.UnknownOutcomeSettleDelay - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The lowest id is the group's work item; the others are duplicates, deleted or only reported by the
    /// policy. The attempt is settled and removed.
    /// </summary>
    private async Task<GroupCreate> KeepLowestAsync(string key, IReadOnlyList<int> ids, WorkItem? created, CancellationToken cancellationToken)
    {
        var sorted = ids.Distinct().Order().ToArray();
        var keptId = sorted[0];
        var kept = created is not null && created.Id == keptId
            ? created
            : await UnknownIfFailsAsync(() => Translate(() => _client.WorkItems.GetAsync(keptId, cancellationToken: cancellationToken))).ConfigureAwait(false);
        if (created is null)
        {
            IssueSyncLog.UnknownOutcomeFound(_services.Logger, "create of a group's work item", keptId);
        }

        var duplicates = sorted[1..];
        var deleted = false;
        if (duplicates.Length > 0)
        {
            var policy = _services.Outbound.DuplicateCreates;
            IssueSyncLog.DuplicateCreates(_services.Logger, keptId, string.Join(", ", duplicates), policy);
            deleted = policy is DuplicateCreatePolicy.Delete && await DeleteDuplicatesAsync(duplicates, cancellationToken).ConfigureAwait(false);
        }

        await _ownWrites.Ledger.RemoveAttemptAsync(_installation.OrganizationId, key, CancellationToken.None).ConfigureAwait(false);
        return new GroupCreate(kept, duplicates, deleted);
    }

    /// <summary>Deletes duplicate creates (to the recycle bin); <see langword="false"/> when any delete failed.</summary>
    private async Task<bool> DeleteDuplicatesAsync(int[] duplicates, CancellationToken cancellationToken)
    {
        var all = true;
        foreach (var id in duplicates)
        {
            try
            {
                await _client.WorkItems.DeleteAsync(id, destroy: false, cancellationToken).ConfigureAwait(false);
            }
            catch (VstsApiException ex) when (ex.Kind is not VstsErrorKind.NotFound)
            {
                IssueSyncLog.DuplicateDeleteFailed(_services.Logger, id, ex.Kind);
                all = false;
            }
        }

        return all;
    }

    /// <summary>The work items carrying a tag, by WIQL (never the Search API: a separate index that lags).</summary>
    private async Task<IReadOnlyList<int>> FindIdsByTagAsync(string tag, CancellationToken cancellationToken)
    {
        var wiql = $"SELECT [System.Id] FROM WorkItems WHERE [System.Tags] CONTAINS '{tag.Replace("'", "''", StringComparison.Ordinal)}' ORDER BY [System.Id]";
        var result = await _client.WorkItems.QueryIdsAsync(wiql, cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. result.WorkItems.Select(w => w.Id)];
    }

    /// <summary>
    /// Adds a host comment exactly once, keyed by the host's comment id: the attempt is recorded before
    /// the POST and keeps the comment id once known, so adding it again answers that comment. While an
    /// attempt with an unknown outcome stands, the work item's comments are searched (after the settle
    /// delay) for the one that landed: by the SDK's identity, created no earlier than the first attempt,
    /// with the text sent, and not already another host comment's; only when none is found is it sent again.
    /// </summary>
    private async Task<OutboundSyncResult> AddCommentOnceAsync(string project, int id, string hostCommentId, string html, CancellationToken cancellationToken)
    {
        var organizationId = _installation.OrganizationId;
        var key = $"comment:{id.ToString(CultureInfo.InvariantCulture)}:{hostCommentId}";
        var ledger = _ownWrites.Ledger;
        var attempt = await ledger.FindAttemptAsync(organizationId, key, cancellationToken).ConfigureAwait(false);
        if (attempt?.ResultId is { } known)
        {
            return CommentAdded(id, known, OutboundSyncOutcome.AlreadyInTarget);
        }

        if (attempt is not null && await LandedCommentAsync(project, id, html, attempt, cancellationToken).ConfigureAwait(false) is { } landed)
        {
            return await SettleCommentAsync(id, attempt, landed, OutboundSyncOutcome.AlreadyInTarget).ConfigureAwait(false);
        }

        var followedUnknown = attempt is not null;
        for (var tries = 1; ; tries++)
        {
            var now = _services.TimeProvider.GetUtcNow();
            attempt = new OwnWriteAttempt { OrganizationId = organizationId, Key = key, FirstAttemptAt = attempt?.FirstAttemptAt ?? now, LastAttemptAt = now };
            await ledger.RecordAttemptAsync(attempt, cancellationToken).ConfigureAwait(false);
            WorkItemComment added;
            try
            {
                added = await CommentOwnAsync(id, () => _client.Comments.AddAsync(project, id, html, CommentFormat.Html, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            catch (VstsApiException ex) when (ex.IsOutcomeUnknown)
            {
                followedUnknown = true;
                attempt = await GaveUpAsync(attempt).ConfigureAwait(false);
                if (tries >= _services.Outbound.MaxUnknownOutcomeAttempts)
                {
                    throw; // the attempt stays: the host's next call looks before it posts
                }

                if (await LandedCommentAsync(project, id, html, attempt, cancellationToken).ConfigureAwait(false) is { } found)
                {
                    return await SettleCommentAsync(id, attempt, found, OutboundSyncOutcome.Updated).ConfigureAwait(false);
                }

                continue;
            }
            catch (Exception ex) when (!followedUnknown && ex is VstsApiException or IssueIntegrationException)
            {
                await ledger.RemoveAttemptAsync(organizationId, key, CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            return await SettleCommentAsync(id, attempt, added.Id, OutboundSyncOutcome.Updated).ConfigureAwait(false);
        }
    }

    /// <summary>Keeps the comment id with the attempt (adding the host comment again answers it) and marks it the SDK's own.</summary>
    private async Task<OutboundSyncResult> SettleCommentAsync(int id, OwnWriteAttempt attempt, int commentId, OutboundSyncOutcome outcome)
    {
        await _ownWrites.Ledger.RecordOwnCommentAsync(_installation.OrganizationId, id, commentId, CancellationToken.None).ConfigureAwait(false);
        await _ownWrites.Ledger.RecordAttemptAsync(attempt with { ResultId = commentId }, CancellationToken.None).ConfigureAwait(false);
        return CommentAdded(id, commentId, outcome);
    }

    private static OutboundSyncResult CommentAdded(int id, int commentId, OutboundSyncOutcome outcome) =>
        new() { Outcome = outcome, WorkItemId = id, CommentId = commentId };

    /// <summary>
    /// The comment an attempt whose answer was lost left on the work item, or <see langword="null"/>: the
    /// lowest id among the comments by the SDK's identity, created no earlier than the first attempt (less
    /// <see cref="CommentClockSkew"/>), with the text sent (compared without markup, as Azure DevOps may
    /// rewrite it), that the ledger does not already give to another host comment. A failure of the
    /// search leaves the comment's outcome unknown.
    /// </summary>
    private async Task<int?> LandedCommentAsync(string project, int id, string html, OwnWriteAttempt attempt, CancellationToken cancellationToken)
    {
        IssueSyncLog.UnknownOutcomeLookup(_services.Logger, "comment");
        await SettleAsync(attempt, cancellationToken).ConfigureAwait(false);
        return await UnknownIfFailsAsync(async () =>
        {
            var author = NonBlank(_installation.SdkIdentityId)
                ?? (await _client.Connection.GetConnectionDataAsync(cancellationToken).ConfigureAwait(false)).AuthenticatedUser?.Id;
            var text = CommentText(html);
            var earliest = attempt.FirstAttemptAt - CommentClockSkew;
            int? found = null;
            await foreach (var candidate in _client.Comments.ListAsync(project, id, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (candidate.IsDeleted
                    || found is { } lower && lower < candidate.Id
                    || !string.Equals(candidate.CreatedBy?.Id, author, StringComparison.OrdinalIgnoreCase)
                    || candidate.CreatedDate < earliest
                    || !string.Equals(CommentText(candidate.Text), text, StringComparison.Ordinal)
                    || await _ownWrites.Ledger.IsOwnCommentAsync(_installation.OrganizationId, id, candidate.Id, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                found = candidate.Id;
            }

            if (found is { } commentId)
            {
                IssueSyncLog.UnknownOutcomeFound(_services.Logger, "comment", commentId);
            }

            return found;
        }).ConfigureAwait(false);
    }

    /// <summary>How far Azure DevOps' clock may be behind this host's when a landed comment's creation time is compared.</summary>
    private static readonly TimeSpan CommentClockSkew = TimeSpan.FromMinutes(2);

    /// <summary>A comment's text without markup and with whitespace collapsed: what survives Azure DevOps' sanitising.</summary>
    internal static string CommentText(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return string.Empty;
        }

        var withoutTags = MarkupTag().Replace(html, " ");
        return string.Join(' ', WebUtility.HtmlDecode(withoutTags).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    [GeneratedRegex("<[^>]*>", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex MarkupTag();

    /// <summary>A group's work item, and other work items found carrying its tag.</summary>
    private sealed record GroupCreate(WorkItem Item, IReadOnlyList<int> Duplicates, bool DuplicatesDeleted);
}
