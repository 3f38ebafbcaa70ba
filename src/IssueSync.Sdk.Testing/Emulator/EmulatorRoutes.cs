namespace IssueSync.Sdk.Testing.Emulator;

/// <summary>Where a route may sit relative to the organization: org-level, optionally or necessarily under a project (and team).</summary>
internal enum RouteScope
{
    Organization,
    OptionalProject,
    Project,
    OptionalProjectAndTeam,
}

/// <summary>
/// One REST route: method, the path after <c>_apis/</c> (<c>{name}</c> captures a segment,
/// <c>${name}</c> one that starts with <c>$</c>), where it may sit, and its api-version rules.
/// </summary>
internal sealed record EmulatorRoute(
    string Method,
    string Pattern,
    RouteScope Scope,
    bool PreviewOnly,
    Func<EmulatorCall, Task<EmulatorAnswer>> Handler)
{
    private readonly RouteTemplate _template = new(Pattern);

    /// <summary>Matches the segments after <c>_apis</c>, filling <paramref name="values"/>.</summary>
    public bool Matches(IReadOnlyList<string> segments, Dictionary<string, string> values)
    {
        values.Clear();
        return _template.Matches(segments, values);
    }

    public bool AllowsScope(int scopeSegments) => Scope switch
    {
        RouteScope.Organization => scopeSegments == 0,
        RouteScope.OptionalProject => scopeSegments <= 1,
        RouteScope.Project => scopeSegments == 1,
        RouteScope.OptionalProjectAndTeam => scopeSegments <= 2,
        _ => false,
    };
}
