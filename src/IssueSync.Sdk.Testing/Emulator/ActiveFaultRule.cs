namespace IssueSync.Sdk.Testing.Emulator;

/// <summary>A <see cref="FaultRule"/> while it is in force: its parsed path, its own seeded draws, and how often it has fired.</summary>
internal sealed class ActiveFaultRule
{
    private readonly RouteTemplate _path;
    private readonly Random? _draws;
    private int _fired;

    private ActiveFaultRule(FaultRule rule, RouteTemplate path)
    {
        Rule = rule;
        _path = path;
        _draws = rule.Rate is null ? null : new Random(rule.Seed);
    }

    public FaultRule Rule { get; }

    /// <summary>Whether the rule has fired as many times as it may.</summary>
    public bool Spent => Rule.Times is { } times && _fired >= times;

    /// <exception cref="ArgumentNullException">The rule, its path or its fault is missing.</exception>
    /// <exception cref="ArgumentException">The path is not a valid exact path or template.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="FaultRule.Times"/> is below 1, or <see cref="FaultRule.Rate"/> is not above 0 and at most 1.</exception>
    public static ActiveFaultRule Create(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(rule.Path, nameof(rule) + "." + nameof(FaultRule.Path));
        ArgumentNullException.ThrowIfNull(rule.Fault, nameof(rule) + "." + nameof(FaultRule.Fault));
        if (rule.Times is { } times)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times, nameof(rule) + "." + nameof(FaultRule.Times));
        }

        if (rule.Rate is { } rate && !(rate > 0 && rate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rule) + "." + nameof(FaultRule.Rate), rate, "The rate must be above 0 and at most 1.");
        }

        return new ActiveFaultRule(rule, RouteTemplate.Parse(rule.Path, nameof(rule) + "." + nameof(FaultRule.Path)));
    }

    /// <summary>
    /// Whether the rule fires on this request: method and path match, and (with a rate) the next seeded draw
    /// falls under it; a firing counts towards <see cref="FaultRule.Times"/>. Call under the emulator's lock.
    /// </summary>
    public bool Fires(string method, IReadOnlyList<string> segments)
    {
        if (Spent
            || (Rule.Method is { } wanted && !string.Equals(wanted.Method, method, StringComparison.OrdinalIgnoreCase))
            || !_path.Matches(segments, values: null))
        {
            return false;
        }

        if (_draws is not null && _draws.NextDouble() >= Rule.Rate!.Value)
        {
            return false;
        }

        _fired++;
        return true;
    }
}
