namespace IssueSync.Sdk.Repositories;

/// <summary>How <see cref="IRepositoryProvider"/> reads commit details (section <c>IssueSync:Vsts:Repositories</c>).</summary>
public sealed class VstsRepositoryOptions
{
    /// <summary>At most this many commit detail requests (full message, changes) in flight at once. Default 4; 1 to 32.</summary>
    public int MaxConcurrentDetailRequests { get; set; } = 4;

    /// <summary>
    /// Details (full message, patch set) are read for at most this many commits of a range, newest first; the rest
    /// come without, and the result says so (<see cref="CommitRange.Truncated"/>). Default 90; 1 to 10000.
    /// </summary>
    public int MaxCommitDetails { get; set; } = 90;

    /// <summary>The configuration problems, worded with their keys; empty when the options are usable.</summary>
    internal IEnumerable<string> Problems(string prefix)
    {
        if (MaxConcurrentDetailRequests is < 1 or > 32)
        {
            yield return $"{prefix}{nameof(MaxConcurrentDetailRequests)} must be between 1 and 32 (got {MaxConcurrentDetailRequests}).";
        }

        if (MaxCommitDetails is < 1 or > 10_000)
        {
            yield return $"{prefix}{nameof(MaxCommitDetails)} must be between 1 and 10000 (got {MaxCommitDetails}).";
        }
    }
}
