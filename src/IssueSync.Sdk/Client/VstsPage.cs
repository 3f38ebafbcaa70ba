namespace IssueSync.Sdk.Client;

/// <summary>One page of a paged list and the token for the next, from the <c>x-ms-continuationtoken</c> header or the body.</summary>
internal readonly record struct VstsPage<T>(IReadOnlyList<T> Items, string? ContinuationToken);
