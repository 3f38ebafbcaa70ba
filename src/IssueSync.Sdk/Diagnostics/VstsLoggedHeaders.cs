namespace IssueSync.Sdk.Diagnostics;

/// <summary>
/// The only headers whose values may appear in logs (the HttpClient factory's own Trace lines
/// included); every other value, <c>Authorization</c> and cookies first, is redacted.
/// </summary>
internal static class VstsLoggedHeaders
{
    private static readonly HashSet<string> Allowed = new(StringComparer.OrdinalIgnoreCase)
    {
        "Accept",
        "Content-Type",
        "Content-Length",
        "User-Agent",
        "X-TFS-FedAuthRedirect",
        "ActivityId",
        "X-VSS-E2EID",
        "X-TFS-ProcessId",
        "Retry-After",
        "X-RateLimit-Resource",
        "X-RateLimit-Delay",
        "X-RateLimit-Limit",
        "X-RateLimit-Remaining",
        "X-RateLimit-Reset",
        "Date",
    };

    /// <summary><see langword="true"/> when the header's value must not be logged.</summary>
    public static bool ShouldRedact(string name) => !Allowed.Contains(name);
}
