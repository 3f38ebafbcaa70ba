namespace IssueSync.Sdk.Testing;

/// <summary>
/// When a <see cref="VstsEmulator"/> plays an <see cref="EmulatorFault"/>: on which requests (method and
/// path) and how often (the next <see cref="Times"/> matches, or a seeded <see cref="Rate"/> of them). Add
/// one with <see cref="VstsEmulator.AddFault"/>:
/// <code>
/// emulator.AddFault(new FaultRule
/// {
///     Method = HttpMethod.Post,
///     Path = "{project}/_apis/wit/workitems/${type}",
///     Fault = EmulatorFault.ResetAfterApply(),
///     Times = 1,
/// });
/// </code>
/// </summary>
public sealed record FaultRule
{
    /// <summary>
    /// The path below the organization URL, without the query: an exact path
    /// (<c>Project 1/_apis/wit/workitems/12</c>, which does not match <c>…/120</c>) or a route template in which
    /// <c>{name}</c> matches any one segment and <c>${name}</c> one that starts with <c>$</c>
    /// (<c>{project}/_apis/wit/workitems/{id}</c>, <c>{project}/_apis/wit/workItems/{id}/comments</c>).
    /// Matching ignores case, a leading or trailing <c>/</c>, and the query string; segments compare unescaped
    /// (<c>Project 1</c> matches <c>Project%201</c>).
    /// </summary>
    public required string Path { get; init; }

    /// <summary>What happens to a request the rule fires on.</summary>
    public required EmulatorFault Fault { get; init; }

    /// <summary>The HTTP method to match; <see langword="null"/> (the default) matches any.</summary>
    public HttpMethod? Method { get; init; }

    /// <summary>
    /// How many times the rule fires at most; it is removed after the last. Without a <see cref="Rate"/>, the next
    /// <see cref="Times"/> matching requests fail. <see langword="null"/> (the default): no limit, until removed.
    /// </summary>
    public int? Times { get; init; }

    /// <summary>
    /// The probability, above 0 and at most 1, that a matching request fails, drawn from <c>new Random(</c><see cref="Seed"/><c>)</c>
    /// once per matching request, so the same requests in the same order fail the same way in every run.
    /// <see langword="null"/> (the default): every matching request fails.
    /// </summary>
    public double? Rate { get; init; }

    /// <summary>The seed of the <see cref="Rate"/> draws. Default 0.</summary>
    public int Seed { get; init; }
}
