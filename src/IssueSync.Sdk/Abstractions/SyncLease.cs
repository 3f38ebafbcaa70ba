namespace IssueSync.Sdk.Abstractions;

/// <summary>A lease taken from an <see cref="ISyncLeaseStore"/>.</summary>
/// <param name="Resource">What the lease covers.</param>
/// <param name="FencingToken">
/// The acquisition's token: greater than that of any earlier acquisition of <paramref name="Resource"/>;
/// extend and release check it.
/// </param>
/// <param name="ExpiresAt">When the lease lapses unless extended, by the clock of the instance that took it.</param>
public sealed record SyncLease(string Resource, long FencingToken, DateTimeOffset ExpiresAt);
